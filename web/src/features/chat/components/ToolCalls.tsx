import {
  argumentsText,
  prettyJson,
  toolCallStatusText,
  type ShownToolCall,
} from '../tool-calls.ts';
import { Icon, type IconName } from './Icon.tsx';

const ICONS: Record<ShownToolCall['status'], IconName> = {
  running: 'wrench',
  ok: 'wrench',
  error: 'alert',
  blocked: 'ban',
};

/**
 * The tools an answer called, one collapsed line each ("Called get_order · answered in 80 ms");
 * opening one shows its arguments and result. A failed or blocked call says so in words and
 * with its own icon, not only in colour.
 */
export function ToolCalls({ calls }: { calls: readonly ShownToolCall[] }) {
  if (calls.length === 0) {
    return null;
  }
  return (
    <ul className="tool-calls" aria-label="Tool calls">
      {calls.map((call) => (
        <li key={call.id}>
          <details className={`tool-call tool-call-${call.status}`}>
            <summary>
              <Icon name={ICONS[call.status]} />
              <span className="tool-call-title">
                Called <code>{call.tool}</code>
              </span>
              <span className="tool-call-status">{toolCallStatusText(call)}</span>
            </summary>
            <div className="tool-call-details">
              <h3>Arguments</h3>
              <pre>{argumentsText(call.arguments) || '{}'}</pre>
              {call.result !== null && (
                <>
                  <h3>Result</h3>
                  <pre>{prettyJson(call.result)}</pre>
                </>
              )}
              {call.error !== null && (
                <>
                  <h3>{call.status === 'blocked' ? 'Why it was withheld' : 'Error'}</h3>
                  <pre>{call.error}</pre>
                </>
              )}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
