import type { StepStatus } from '../../src-shared/types/wizard';
import type { Tone } from '../components/StatusBadge.svelte';

/** How each step status reads on screen: words first, colour second. */
export const STEP_STATUS: Record<StepStatus, { text: string; tone: Tone; icon: 'check' | 'alert' | 'x' | 'lock' | 'spinner' | 'dot' }> = {
  locked: { text: 'Locked', tone: 'neutral', icon: 'lock' },
  ready: { text: 'Ready', tone: 'info', icon: 'dot' },
  running: { text: 'Running', tone: 'running', icon: 'spinner' },
  done: { text: 'Done', tone: 'ok', icon: 'check' },
  attention: { text: 'Needs attention', tone: 'warn', icon: 'alert' },
  failed: { text: 'Failed', tone: 'danger', icon: 'x' },
};
