import type { ActivityResult } from '../api.ts';

const KIND_LABELS: Record<string, string> = {
  prompt: 'Question',
  answer: 'Answer',
  blocked: 'Blocked',
  file_upload: 'File upload',
  feedback: 'Feedback',
  conversation_deleted: 'Conversation deleted',
  settings_changed: 'Settings changed',
  provider_error: 'Provider error',
};

export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;

/** An event's kind and, when a scanner acted, its verdict and findings. */
export function EventBadges({ event }: { event: ActivityResult }) {
  return (
    <span className="event-badges">
      <span className={`badge kind-${event.kind}`}>{kindLabel(event.kind)}</span>
      {event.verdict !== 'pass' && (
        <span className={`badge verdict-${event.verdict}`}>Verdict: {event.verdict}</span>
      )}
      {event.findingTypes.map((type) => (
        <span key={type} className="badge finding">
          {type}
        </span>
      ))}
    </span>
  );
}
