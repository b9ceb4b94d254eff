import { z } from "zod";
import { CloudError, isCloudError, type CloudErrorKind } from "../cloud/cloud-errors";
import type { AuditEntry } from "./audit-log";
import type { CloudGate } from "./cloud-gate";
import type { CloudConfigUpdate, CloudStatus } from "./cloud-status";
import type { RouteDecision, RouteRequest } from "./route-decision";
import type { CloudSendResult } from "./send-to-cloud";
import type { DailyUsage } from "./usage-store";

/**
 * The page's side of the local server's /cloud relay. The page never holds the API key: it asks
 * the server to decide, to send and to show what was sent, and the server's CloudRouter applies
 * the policy, the redaction, the budget and the audit log. The server answers only its own page:
 * `fetchImpl` must add the page's relay key (addin-runtime.ts wraps fetch once for that).
 */
export class CloudRelayClient {
  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  status(signal?: AbortSignal): Promise<CloudStatus> {
    return this.call("GET", "/status", undefined, signal);
  }

  /** Sends the key to the local server, which stores it for this user only; it never comes back. */
  setKey(key: string): Promise<CloudStatus> {
    return this.call("PUT", "/key", { key });
  }

  clearKey(): Promise<CloudStatus> {
    return this.call("DELETE", "/key");
  }

  configure(update: CloudConfigUpdate): Promise<CloudStatus> {
    return this.call("PUT", "/config", update);
  }

  usageToday(): Promise<DailyUsage> {
    return this.call("GET", "/usage");
  }

  /** The last 30 recorded days, newest first. */
  usageHistory(): Promise<DailyUsage[]> {
    return this.call("GET", "/usage/history");
  }

  audit(): Promise<AuditEntry[]> {
    return this.call("GET", "/audit");
  }

  async call<T>(method: string, route: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${route}`, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw new CloudError("cancelled", "The cloud request was cancelled.");
      throw new CloudError(
        "unreachable",
        `Cannot reach the local server's cloud relay at ${this.baseUrl} (${(error as Error).message}). ` +
          "Cloud features need the local server: run `npm start`.",
      );
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (!response.ok) {
      const failure = (parsed ?? {}) as { error?: string; cloudKind?: CloudErrorKind };
      // Our server refused the page itself (no or an old relay key, a foreign origin or host), as
      // opposed to relaying a provider's error (which has a cloudKind): the cloud is out of reach.
      if ([401, 403, 421].includes(response.status) && !failure.cloudKind) {
        throw new CloudError(
          "unreachable",
          failure.error ?? `The local server refused this page (HTTP ${response.status}). Reload the add-in.`,
        );
      }
      if (response.status === 404 && !failure.cloudKind) {
        throw new CloudError(
          "unreachable",
          `The page's server has no cloud relay (${method} ${route}: HTTP 404). Cloud features need the local server: run \`npm start\`.`,
        );
      }
      throw new CloudError(
        failure.cloudKind ?? "bad-request",
        failure.error ?? `The cloud relay answered HTTP ${response.status}.`,
      );
    }
    return parsed as T;
  }
}

/** A CloudGate over the relay: the same decisions and answers as a CloudRouter in the page would give. */
export class RelayCloudRouter implements CloudGate {
  constructor(readonly relay: CloudRelayClient) {}

  async decide(request: RouteRequest): Promise<RouteDecision> {
    // composeCloudMessages is a function and cannot travel: the server learns the person columns
    // from the tables and redacts the messages as text.
    const { task, messages, tables, signals, expectedOutputTokens } = request;
    try {
      return await this.relay.call("POST", "/route", {
        task,
        messages,
        tables,
        signals,
        expectedOutputTokens,
      });
    } catch (error) {
      // No relay (the add-in is served by another server): the work stays local, and says why.
      if (!isCloudError(error, "unreachable")) throw error;
      return { route: "local", trigger: "none", reasons: [error.message] };
    }
  }

  approve(ticket: string): Promise<RouteDecision> {
    return this.relay.call("POST", "/approve", { ticket });
  }

  decline(ticket: string): Promise<RouteDecision> {
    return this.relay.call("POST", "/decline", { ticket });
  }

  async sendStructured<T>(
    decision: RouteDecision,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<CloudSendResult<T>> {
    const answer = await this.relay.call<CloudSendResult<unknown>>(
      "POST",
      "/send",
      { decision, jsonSchema: z.toJSONSchema(schema) },
      signal,
    );
    // The server checked the answer against the JSON Schema; the page's schema has the last word.
    const value = schema.safeParse(answer.value);
    if (!value.success) {
      throw new CloudError("bad-output", "The cloud answer did not have the expected shape.");
    }
    return { ...answer, value: value.data };
  }

  sendText(decision: RouteDecision, signal?: AbortSignal): Promise<CloudSendResult<string>> {
    return this.relay.call("POST", "/send", { decision, jsonSchema: null }, signal);
  }

  recordLocal(work: { task: string; inputTokens: number; outputTokens: number }): Promise<DailyUsage> {
    return this.relay.call("POST", "/local", work);
  }

  today(): Promise<DailyUsage> {
    return this.relay.usageToday();
  }
}
