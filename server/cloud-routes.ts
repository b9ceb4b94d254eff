import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { isCloudError } from "../src/cloud/cloud-errors";
import { describeError } from "../src/errors/slm-error";
import type { RouteDecision, RouteRequest } from "../src/routing/route-decision";
import type { CloudService } from "./cloud-service";

/**
 * /cloud/* for the add-in page (our page only: the caller checks Host, Origin and the relay key). Every answer is built from
 * CloudService.status(), decisions, usage, audit entries and answers: the key has no path into a
 * response. Bodies are checked here, so a malformed request is a 400 that says what is wrong.
 */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const MessageSchema = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });
const CellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const RouteBodySchema = z.object({
  task: z.string().min(1).max(64),
  messages: z.array(MessageSchema).min(1),
  tables: z.array(z.array(z.array(CellSchema))).optional(),
  signals: z.record(z.string(), z.unknown()).default({}),
  expectedOutputTokens: z.number().int().positive().optional(),
});
const TicketBodySchema = z.object({ ticket: z.string().min(1) });
/**
 * Only the route and the ticket of a decision are read: where it goes is the server's configured
 * provider, so nothing else in the body (a baseUrl, a provider) can point the key elsewhere.
 */
const SendBodySchema = z.object({
  decision: z.object({ route: z.enum(["local", "cloud", "needs-consent"]), ticket: z.string().optional() }),
  jsonSchema: z.record(z.string(), z.unknown()).nullable().default(null),
});
const LocalWorkSchema = z.object({
  task: z.string().min(1).max(64),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
});
const KeyBodySchema = z.object({ key: z.string().min(1, "The key is empty.").max(4096) });

class BadRequest extends Error {}

async function readJson<T>(request: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest("The request body is larger than 2 MB.");
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    const text = Buffer.concat(chunks).toString("utf8");
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new BadRequest("The request body is not JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new BadRequest(`The request body is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(body));
}

export async function handleCloudRoute(
  service: CloudService,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? "GET";
  try {
    if (route === "/status" && method === "GET") return send(response, 200, service.status());
    if (route === "/key" && method === "PUT") {
      await service.setKey((await readJson(request, KeyBodySchema)).key);
      return send(response, 200, service.status());
    }
    if (route === "/key" && method === "DELETE") {
      await service.setKey(null);
      return send(response, 200, service.status());
    }
    if (route === "/config" && method === "PUT") {
      const body = await readJson(
        request,
        z.object({ provider: z.unknown().optional(), policy: z.unknown().optional() }),
      );
      try {
        await service.configure(body as never);
      } catch (error) {
        if (error instanceof z.ZodError)
          throw new BadRequest(`Settings not saved: ${z.prettifyError(error)}`);
        throw error;
      }
      return send(response, 200, service.status());
    }
    if (route === "/route" && method === "POST") {
      const body = await readJson(request, RouteBodySchema);
      return send(response, 200, await service.decide(body as RouteRequest));
    }
    if (route === "/approve" && method === "POST") {
      return send(response, 200, service.router.approve((await readJson(request, TicketBodySchema)).ticket));
    }
    if (route === "/decline" && method === "POST") {
      return send(response, 200, service.router.decline((await readJson(request, TicketBodySchema)).ticket));
    }
    if (route === "/send" && method === "POST") {
      const body = await readJson(request, SendBodySchema);
      // The page went away (cancelled): stop the cloud request too.
      const controller = new AbortController();
      response.on("close", () => {
        if (!response.writableFinished) controller.abort();
      });
      const decision: RouteDecision = {
        route: body.decision.route,
        ticket: body.decision.ticket,
        trigger: "none",
        reasons: [],
      };
      const answer = await service.send(decision, body.jsonSchema, controller.signal);
      return send(response, 200, answer);
    }
    if (route === "/local" && method === "POST") {
      return send(response, 200, await service.router.recordLocal(await readJson(request, LocalWorkSchema)));
    }
    if (route === "/usage" && method === "GET") return send(response, 200, await service.router.today());
    if (route === "/usage/history" && method === "GET")
      return send(response, 200, await service.usageHistory(30));
    if (route === "/audit" && method === "GET") return send(response, 200, await service.auditLog.entries());
    if (route === "/audit/settings" && method === "GET")
      return send(response, 200, await service.settingsChanges());
    return send(response, 404, { error: `No cloud route ${method} /cloud${route}.` });
  } catch (error) {
    if (error instanceof BadRequest) return send(response, 400, { error: error.message });
    if (isCloudError(error)) {
      const status = error.cloudKind === "not-allowed" ? 409 : 502;
      return send(response, status, { error: error.message, cloudKind: error.cloudKind });
    }
    return send(response, 500, { error: describeError(error) });
  }
}
