/**
 * The server as its own entry point (tests start it with tsx). Users run it as `excel-slm serve`
 * or `npm start`; both end up in serve.ts.
 */
import { serve } from "./serve";

const code = await serve(process.argv.slice(2));
if (code !== undefined) process.exit(code);
