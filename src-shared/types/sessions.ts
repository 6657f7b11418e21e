/** An open terminal: an SSH shell on a router's XR CLI or XR shell, or a shell in a container on it. */
export interface SessionView {
  id: string;
  title: string;
  kind: 'pty' | 'ssh' | 'docker';
  /** The router it belongs to, when it is one. */
  target: string | null;
  exited: SessionExitInfo | null;
}

export interface SessionExitInfo {
  code: number | null;
  signal?: string;
}
