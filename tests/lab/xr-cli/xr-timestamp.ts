// The line XR prints after most commands, e.g. `Mon Mar  6 05:28:57.184 UTC` (D612):
// day of month padded with a space to two columns, milliseconds, always UTC.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

export function xrTimestamp(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${ms} UTC`
  );
}

/** The coarser form XR uses inside `!! Last configuration change at ...` (no ms, with the year). */
export function xrConfigChangeTime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}
