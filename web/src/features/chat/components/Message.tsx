import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/errors.ts';
import {
  chatKeys,
  submitFeedback,
  type ChatFile,
  type ChatMessage,
  type ConversationDetail,
  type ScanResult,
} from '../api.ts';
import { copyText } from '../copy-text.ts';
import { listInWords, redactedLabels } from '../scans.ts';
import { Markdown } from './Markdown.tsx';
import { FileChip } from './FileChip.tsx';
import { Icon } from './Icon.tsx';
import { ToolCalls } from './ToolCalls.tsx';

const GOOD = 5;
const BAD = 1;

interface UserMessageProps {
  content: string;
  files: ChatFile[];
  scans: ScanResult[] | null;
}

/** The person's question as text (never as HTML), its files, and what the scanners replaced. */
export function UserMessage({ content, files, scans }: UserMessageProps) {
  const redacted = redactedLabels(scans);
  return (
    <div className="message message-user">
      <h2 className="visually-hidden">You said:</h2>
      <div className="message-body">
        <p className="message-text">{content}</p>
      </div>
      {files.length > 0 && (
        <ul className="file-chips" aria-label="Attached files">
          {files.map((file) => (
            <li key={file.id}>
              <FileChip name={file.name} sizeBytes={file.sizeBytes} />
            </li>
          ))}
        </ul>
      )}
      {redacted.length > 0 && (
        <p className="message-scan-note">
          <Icon name="shield" />
          Personal data was replaced before it reached the model: {listInWords(redacted)}. The agent
          saw placeholders instead.
        </p>
      )}
    </div>
  );
}

/** An answer: sanitized Markdown, copy, and a thumbs-up / thumbs-down rating. */
export function AssistantMessage({
  message,
  conversationId,
}: {
  message: ChatMessage;
  conversationId: string;
}) {
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState(false);
  const redacted = redactedLabels(message.scans);
  const rating = message.feedback?.rating;
  const rate = useMutation({
    mutationFn: (value: number) => submitFeedback(message.id, value),
    onSuccess: (feedback) => {
      queryClient.setQueryData<ConversationDetail>(
        chatKeys.conversation(conversationId),
        (old) =>
          old && {
            ...old,
            messages: old.messages.map((candidate) =>
              candidate.id === feedback.messageId
                ? {
                    ...candidate,
                    feedback: {
                      rating: feedback.rating,
                      comment: feedback.comment,
                      at: feedback.at,
                    },
                  }
                : candidate,
            ),
          },
      );
    },
  });
  const shownRating = rate.isPending ? rate.variables : rating;
  const good = shownRating !== undefined && shownRating >= 4;
  const bad = shownRating !== undefined && shownRating <= 2;

  return (
    <div className="message message-assistant">
      <h2 className="visually-hidden">The agent answered:</h2>
      <ToolCalls calls={message.toolCalls} />
      <div className="message-body">
        <Markdown text={message.content} />
      </div>
      {redacted.length > 0 && (
        <p className="message-scan-note">
          <Icon name="shield" />
          The company’s scanners replaced parts of this answer: {listInWords(redacted)}.
        </p>
      )}
      <div className="message-actions">
        <button
          type="button"
          className="icon-button"
          onClick={() =>
            void copyText(message.content).then((done) => {
              setCopied(done);
              setTimeout(() => setCopied(false), 2000);
            })
          }
        >
          <Icon name={copied ? 'check' : 'copy'} />
          <span className="icon-button-label">{copied ? 'Copied' : 'Copy'}</span>
        </button>
        <RatingButton
          icon="thumbsUp"
          label="Good answer"
          pressed={good}
          onClick={() => !rate.isPending && rate.mutate(GOOD)}
        />
        <RatingButton
          icon="thumbsDown"
          label="Bad answer"
          pressed={bad}
          onClick={() => !rate.isPending && rate.mutate(BAD)}
        />
        <span className="message-meta" role="status">
          {rate.isError
            ? `Your rating was not saved. ${errorMessage(rate.error)}`
            : rate.isSuccess
              ? 'Thanks for rating this answer.'
              : ''}
        </span>
      </div>
    </div>
  );
}

/** A thumbs-up or thumbs-down toggle: pressed while it is the person's rating. */
function RatingButton({
  icon,
  label,
  pressed,
  onClick,
}: {
  icon: 'thumbsUp' | 'thumbsDown';
  label: string;
  pressed: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" className="icon-button" aria-pressed={pressed} onClick={onClick}>
      <Icon name={icon} filled={pressed} />
      <span className="visually-hidden">{label}</span>
    </button>
  );
}
