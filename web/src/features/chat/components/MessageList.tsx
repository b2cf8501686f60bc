import { useEffect, useRef } from 'react';
import type { Agent, ConversationDetail } from '../api.ts';
import type { Turn } from '../hooks/use-turns.ts';
import { useStickToBottom } from '../hooks/use-stick-to-bottom.ts';
import { AssistantMessage, UserMessage } from './Message.tsx';
import { Markdown } from './Markdown.tsx';
import { Icon } from './Icon.tsx';
import { ToolCalls } from './ToolCalls.tsx';

interface Props {
  conversation: ConversationDetail | undefined;
  turn: Turn | undefined;
  agent: Agent | undefined;
}

/**
 * The conversation's messages: a log region, so a screen reader reads each new message once.
 * The answer streaming in stays outside the log until it is complete (else every piece of it
 * would be read out); it then joins the log as the stored message.
 */
export function MessageList({ conversation, turn, agent }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const { atBottom, toBottom } = useStickToBottom(scroller, content);
  const messages = conversation?.messages ?? [];
  // A saved turn gives way to the stored messages as soon as they are read.
  const shown =
    turn && !(turn.status === 'saving' && messages.length > turn.baseCount) ? turn : undefined;
  const asked = shown && shown.status !== 'failed';
  const answering =
    shown &&
    (shown.status === 'sending' || shown.status === 'streaming' || shown.status === 'saving');

  // A new question brings the end into view again.
  const questionKey = asked ? `${shown.baseCount}:${shown.question}` : '';
  useEffect(() => {
    if (questionKey) {
      toBottom();
    }
  }, [questionKey, toBottom]);

  return (
    <div className="chat-scroll" ref={scroller} tabIndex={-1}>
      <div className="chat-thread" ref={content}>
        {messages.length === 0 && !asked && (
          <div className="chat-welcome">
            <h2>{agent ? `Ask ${agent.name}` : 'Start a conversation'}</h2>
            {agent?.description && <p>{agent.description}</p>}
            <p className="chat-welcome-hint">
              Your messages are checked by the company’s scanners before they reach the agent.
              Attach a text, PDF or Word file to ask about it.
            </p>
          </div>
        )}
        <div className="chat-log" role="log" aria-label="Messages">
          {messages.map((message, index) =>
            message.role === 'user' ? (
              // Index keys: messages are only ever added at the end, and the question in flight
              // becomes the stored one without leaving the log (nothing is announced twice).
              <UserMessage
                key={index}
                content={message.content}
                files={message.files}
                scans={message.scans}
              />
            ) : (
              <AssistantMessage
                key={index}
                message={message}
                conversationId={conversation?.id ?? ''}
              />
            ),
          )}
          {asked && (
            <UserMessage
              key={messages.length}
              content={shown.question}
              files={shown.files}
              scans={shown.promptScans ?? null}
            />
          )}
        </div>
        {asked && (
          <div
            className={`message message-assistant message-pending${shown.status === 'streaming' ? ' message-streaming' : ''}`}
            aria-busy={answering ? true : undefined}
          >
            {shown.toolCalls && <ToolCalls calls={shown.toolCalls} />}
            <div className="message-body">
              {shown.status === 'sending' ? (
                <p className="message-thinking">
                  <span className="dots" aria-hidden="true" />
                  Thinking…
                </p>
              ) : (
                <Markdown text={shown.answer} />
              )}
            </div>
            {shown.status === 'stopped' && (
              <p className="message-note">
                You stopped this answer. It was not saved, and the agent will not see it; your
                message is back in the box below to send again.
              </p>
            )}
          </div>
        )}
      </div>
      {!atBottom && (
        <button type="button" className="button chat-to-bottom" onClick={() => toBottom('smooth')}>
          <Icon name="arrowDown" /> Latest
          <span className="visually-hidden"> messages</span>
        </button>
      )}
    </div>
  );
}
