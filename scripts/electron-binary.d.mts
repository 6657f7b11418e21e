/** The electron package's folder, or null when it is not installed. */
export function electronPackageDir(): string | null;
/** The downloaded Electron binary, or null while it has not been downloaded. */
export function electronBinary(): string | null;
