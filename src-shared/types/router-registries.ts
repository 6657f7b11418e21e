// What the router side of registries reports: trusting a registry on a router (what changed,
// whether the daemon restarted, and the proof it is live), and an image pulled there.

export interface TrustStepOutcome {
  id: string;
  title: string;
  changed: boolean;
  note: string;
}

export interface TrustResult {
  registry: string;
  target: string;
  hostPort: string;
  /** Whether any file or configuration on the router changed. */
  changed: boolean;
  /** Whether the docker daemon restarted (by the router itself, or by `service docker restart`). */
  restarted: boolean;
  /** What showed the running daemon uses the new setting. */
  proof: string;
  steps: TrustStepOutcome[];
}

export interface RouterPullResult {
  target: string;
  ref: string;
  /** The image id (sha256:…) as the router's `docker images --no-trunc` lists it. */
  id: string;
}
