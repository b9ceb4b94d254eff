import { describeProviderErrors } from "./support/provider-error-suite";
import { openAiHarness } from "./support/openai-harness";

// One file per provider, so the two suites (each with real retry waits) run in parallel.
describeProviderErrors(openAiHarness);
