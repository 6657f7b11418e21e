// The bridge's connection state (the web host's socket; always 'open' in the desktop app).
// After a reconnect the stores reload, since events sent while disconnected were missed.
import { onConnectionState, type ConnectionState } from '../bridge/api';

class Connection {
  state = $state<ConnectionState>('open');
  private wasDown = false;

  start(onReconnect: () => void): void {
    onConnectionState((s) => {
      this.state = s;
      if (s === 'closed' || s === 'refused') this.wasDown = true;
      if (s === 'open' && this.wasDown) {
        this.wasDown = false;
        onReconnect();
      }
    });
  }
}

export const connection = new Connection();
