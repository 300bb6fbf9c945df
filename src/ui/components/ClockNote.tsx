import { formatTimeSeconds } from '../format';
import type { ClockReading } from '../session';

/** Which clock "Expired" was judged against. */
export function ClockNote(props: { clock: ClockReading }) {
  const { clock } = props;
  if (clock.source === 'emulator') {
    return (
      <p class="hint">
        Expiry is judged by the emulator's clock: {formatTimeSeconds(clock.now.toISOString())}
        {clock.frozen ? ' (frozen)' : ''}.
      </p>
    );
  }
  return (
    <p class="hint">
      The emulator's clock could not be read{clock.error instanceof Error && 'kind' in clock.error && clock.error.kind === 'admin-token'
        ? ' without its admin token (enter it in the Emulator panel)' : ''}; expiry is judged by this computer's clock.
    </p>
  );
}
