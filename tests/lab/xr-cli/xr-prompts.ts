// XR CLI prompts, and the regexes Cisco's unicon uses to recognise them (xr-facts 1.1), so the
// specs can prove the emulated prompts are ones real automation would accept.

export type XrMode =
  | 'exec'
  | 'config'
  | 'config-if'
  | 'config-line'
  | 'config-tpa'
  | 'config-tpa-afi'
  | 'config-tpa-vrf'
  | 'config-tpa-vrf-afi';

export function execPrompt(node: string, hostname: string): string {
  return `RP/0/${node}/CPU0:${hostname}#`;
}

export function modePrompt(node: string, hostname: string, mode: XrMode): string {
  if (mode === 'exec') return execPrompt(node, hostname);
  return `RP/0/${node}/CPU0:${hostname}(${mode})#`;
}

/** unicon's exec prompt pattern, with %N replaced by the host name. */
export function uniconExecPattern(hostname: string): RegExp {
  const h = hostname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(.*?)RP/\\w+(/\\S+)?/\\S+\\d+:(${h}|ios|xr)\\s?#\\s?$`);
}

/** unicon's config prompt pattern: deliberately not anchored on the host name (XR may truncate it). */
export const UNICON_CONFIG_PATTERN = /^(.*?)RP\/\S+\(config.*\)\s?#\s?$/;
