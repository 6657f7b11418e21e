// What the Images page and xrcl see of tarballs: the inspector's summary, a build's result and a
// delivery's result (the exact name the router gave the image, and why it was sent as it was).

export type TarballKind = 'save' | 'export' | 'oci';

export interface TarballLayer {
  /** sha256:… of the layer as stored. */
  digest: string;
  /** sha256:… of the uncompressed layer tar. */
  diffId: string;
  size: number;
}

export interface TarballImage {
  tags: string[];
  platform: string | null;
  configDigest: string | null;
  layers: TarballLayer[];
}

export interface TarballInspection {
  file: string;
  kind: TarballKind;
  compressed: boolean;
  /** sha256 of the file itself: compare it after a copy to prove the copy is whole. */
  sha256: string;
  /** Bytes as stored. */
  bytes: number;
  images: TarballImage[];
  verified: boolean;
  problems: string[];
}

export interface ImageBuildRequest {
  output: string;
  format: 'save' | 'export';
  /** A docker-save, OCI or export tarball path, or docker://HOST:PORT/REPO:TAG (or @sha256:…) pulled from a registry. */
  base?: string;
  /** SRC:/DEST pairs, as `--add` takes them. */
  add?: string[];
  tags?: string[];
  env?: string[];
  entrypoint?: string[];
  cmd?: string[];
  workdir?: string;
  labels?: Record<string, string>;
  gzip?: boolean;
}

export interface ImageBuildResult {
  file: string;
  sha256: string;
  bytes: number;
  layers: number;
  imageId: string | null;
}

export type DeliveryAction = 'load' | 'import' | 'copy';
export type CompressionMode = 'auto' | 'gzip' | 'none';

export interface ImageSendRequest {
  /** The router (a saved target). */
  target: string;
  file: string;
  action: DeliveryAction;
  /** REPO:TAG for `docker import`. */
  importAs?: string;
  thin?: boolean;
  /** Keep the tarball in /misc/app_host after loading. */
  keep?: boolean;
  compression?: CompressionMode;
  acceptNew?: boolean;
}

export interface ImageSendResult {
  target: string;
  file: string;
  /** Where the copy landed on the router. */
  remotePath: string;
  /** Bytes that crossed the link in this send (a verified resumed prefix is not counted). */
  bytesSent: number;
  /** Size of what was copied (after thinning and compression). */
  payloadBytes: number;
  /** Size of the tarball as given. */
  fileBytes: number;
  /** sha256 of what was copied, as `sha256sum` printed it on the router. */
  sha256: string;
  resumed: boolean;
  thin: { layersSkipped: number; layersSent: number; bytesLeftOut: number } | null;
  /** The engine refused the thin tarball and the full one was sent. */
  fellBackToFull: boolean;
  compression: { gzip: boolean; reason: string };
  /** repository:tag the router gave the image, or its ID when it is untagged; null for a plain copy. */
  loaded: string | null;
  tags: string[];
  imageId: string | null;
  untagged: boolean;
  kept: boolean;
  /** The whole send: checks, copy, load. */
  seconds: number;
  /** The copy alone (what scp would have done). */
  copySeconds: number;
}
