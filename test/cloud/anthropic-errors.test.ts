import { describeProviderErrors } from "./support/provider-error-suite";
import { anthropicHarness } from "./support/anthropic-harness";

// One file per provider, so the two suites (each with real retry waits) run in parallel.
describeProviderErrors(anthropicHarness);
