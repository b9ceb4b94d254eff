import type { CloudProviderConfig } from "../cloud/cloud-provider-config";
import type { CloudPolicy } from "./cloud-policy";

/**
 * What the local server tells the page about the cloud set-up. It names the provider and the
 * policy; of the key it says only whether one is set and where it came from.
 */
export interface CloudStatus {
  provider: Pick<CloudProviderConfig, "kind" | "model" | "baseUrl" | "azureEndpoint"> | null;
  keySet: boolean;
  keyFrom: "environment" | "file" | null;
  policy: CloudPolicy;
  /** Why the configured provider cannot be used (e.g. Azure without its endpoint); null when it can. */
  problem: string | null;
}

/** A settings change: the provider replaced (null removes it), the policy merged field by field. */
export interface CloudConfigUpdate {
  provider?: CloudProviderConfig | null;
  policy?: Partial<CloudPolicy>;
}
