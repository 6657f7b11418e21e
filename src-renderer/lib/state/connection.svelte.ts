// The bridge's connection state (the web host's socket; always 'open' in the desktop app).
// After a reconnect the stores reload, since events sent while disconnected were missed.
import { onConnectionState, type ConnectionState } from '../bridge/api';

class Connection {
  state = $state<ConnectionState>('open');
  /** Whether buttons that call the host may be used: only while the bridge is open. */
  canAct = $derived(this.state === 'open');
  /** Whether the banner shows: the host cannot be reached, or refused this page. */
  down = $derived(this.state !== 'open' && this.state !== 'connecting');
  private wasDown = false;

  start(onReconnect: () => void): void {
    onConnectionState((s) => {
      this.state = s;
      if (s !== 'open' && s !== 'connecting') this.wasDown = true;
      if (s === 'open' && this.wasDown) {
        this.wasDown = false;
        onReconnect();
      }
    });
  }
}

export const connection = new Connection();
