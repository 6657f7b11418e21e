// One shared ticking clock for elapsed times, so many running tasks cost one timer.
let now = $state(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export const clock = {
  get now(): number {
    return now;
  },
};

/** Call from an $effect; returns the cleanup. */
export function useClock(): () => void {
  users += 1;
  if (!timer) timer = setInterval(() => (now = Date.now()), 1000);
  now = Date.now();
  return () => {
    users -= 1;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
