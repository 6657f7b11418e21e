/**
 * What the user chose for the Guide's image paths, kept by the main side between runs: the
 * local registry the app starts (insecure and self-signed paths), the image pushed to it, the
 * existing registry and its image (CA-signed path), and the Docker Hub image.
 */
export interface ImageGuideChoices {
  /** The address the router uses to reach the registry on this computer. */
  address?: string;
  /** The registry's port on this computer. */
  port?: number;
  /** A docker-save or OCI tarball on this computer, or docker-daemon:IMAGE from the local engine. */
  source?: string;
  /** REPOSITORY:TAG in the registry (default: the tarball's own name). */
  as?: string;
  /** The existing registry (ca-registry path): its URL, login and private CA file. */
  existingUrl?: string;
  existingUser?: string;
  /** A PEM file on this computer, for a registry signed by a private CA. */
  existingCaFile?: string;
  /** The image to pull from the existing registry, e.g. registry.example.com:5000/team/app:1. */
  existingImage?: string;
  /** The Docker Hub image (default busybox:latest). */
  hubImage?: string;
  /** A name server to add to global-vrf's resolv.conf before the Hub pull, when the user gives one. */
  hubNameServer?: string;
}

/** The Guide's image choices with the defaults filled in, and the registries its steps started or added. */
export interface ImageGuideView {
  choices: ImageGuideChoices;
  defaults: { insecurePort: number; tlsPort: number; hubImage: string };
  /** Names of the registries the Guide uses, per kind, once a step has started or added one. */
  registries: { insecure: string | null; tls: string | null; existing: string | null };
}
