import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  chatKeys,
  chatWithAgent,
  conversationQuery,
  deleteConversation,
  renameConversation,
  type ChatFile,
  type ConversationDetail,
  type ScanResult,
} from '../api.ts';
import { describeTurnError, type TurnNotice } from '../turn-errors.ts';
import { withToolEvent, type ShownToolCall } from '../tool-calls.ts';

/**
 * A question on its way: shown until the server has stored it with its answer (then the
 * conversation, fetched again, shows both), or with what went wrong.
 */
/** The key of a failed first question whose conversation was taken back: the new chat's. */
export const NEW_CHAT = 'new';

export interface Turn {
  /** The conversation, or NEW_CHAT. */
  conversationId: string;
  question: string;
  /** The files that go with this question (attached since the last one). */
  files: ChatFile[];
  /** How many messages the conversation had before: once it has more, they replace the turn. */
  baseCount: number;
  answer: string;
  /** The tools the model called so far in this answer. */
  toolCalls?: ShownToolCall[];
  status: 'sending' | 'streaming' | 'saving' | 'stopped' | 'failed';
  promptScans?: ScanResult[];
  notice?: TurnNotice;
  /** A question that was not stored, for the composer to take back once. */
  restoreDraft?: string;
}

// How often a streamed answer is drawn again: often enough to look live, rarely enough that a
// fast provider does not re-render the Markdown for every token.
const DRAW_EVERY_MS = 60;

/** What CreateConversation names a conversation given no title (src/chat/conversations.ts). */
const DEFAULT_TITLES = new Set(['', 'New conversation']);

export function titleFrom(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 80 ? oneLine : `${oneLine.slice(0, 79)}…`;
}

/**
 * The questions in flight, one per conversation: an answer keeps streaming while the person
 * reads another conversation, and is stopped only by Stop or by leaving the chat.
 */
export function useTurns() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;
  const [turns, setTurns] = useState<Record<string, Turn>>({});
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback((conversationId: string, change: (turn: Turn) => Turn | undefined) => {
    setTurns((all) => {
      const current = all[conversationId];
      if (!current) {
        return all;
      }
      const next = { ...all };
      const changed = change(current);
      if (changed) {
        next[conversationId] = changed;
      } else {
        delete next[conversationId];
      }
      return next;
    });
  }, []);

  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) {
        controller.abort();
      }
    };
  }, []);

  /** After the answer was stored: names a new conversation, and reorders the list. */
  const finish = useCallback(
    async (detail: ConversationDetail, isFirst: boolean) => {
      const conversationId = detail.id;
      const first = detail.messages.find((message) => message.role === 'user');
      if (DEFAULT_TITLES.has(detail.title) && first && isFirst) {
        // Named after its first question as stored (after the scanners' redactions).
        try {
          const renamed = await renameConversation(conversationId, titleFrom(first.content));
          queryClient.setQueryData(chatKeys.conversation(conversationId), (old) =>
            old ? { ...old, title: renamed.title } : old,
          );
        } catch {
          // It keeps the default title; the person can rename it.
        }
      }
      await queryClient.invalidateQueries({ queryKey: chatKeys.conversations });
    },
    [queryClient],
  );

  const send = useCallback(
    async (
      conversationId: string,
      question: string,
      files: ChatFile[],
      baseCount: number,
      /** The conversation was started for this question: take it back if the question fails. */
      discardOnFailure = false,
    ) => {
      controllers.current.get(conversationId)?.abort();
      const controller = new AbortController();
      controllers.current.set(conversationId, controller);
      setTurns((all) => ({
        ...all,
        [conversationId]: {
          conversationId,
          question,
          files,
          baseCount,
          answer: '',
          status: 'sending',
        },
      }));
      let answer = '';
      let answering = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const draw = () => {
        timer = undefined;
        const text = answer;
        update(conversationId, (turn) => ({ ...turn, answer: text, status: 'streaming' }));
      };
      try {
        const done = await chatWithAgent(
          conversationId,
          question,
          {
            onStart: () => {
              answering = true;
              update(conversationId, (turn) => ({ ...turn, status: 'streaming' }));
            },
            onDelta: (text) => {
              answer += text;
              timer ??= setTimeout(draw, DRAW_EVERY_MS);
            },
            onToolCall: (call) =>
              update(conversationId, (turn) => ({
                ...turn,
                status: 'streaming',
                toolCalls: withToolEvent(turn.toolCalls ?? [], { call }),
              })),
            onToolResult: (result) =>
              update(conversationId, (turn) => ({
                ...turn,
                toolCalls: withToolEvent(turn.toolCalls ?? [], { result }),
              })),
          },
          controller.signal,
        );
        clearTimeout(timer);
        update(conversationId, (turn) => ({
          ...turn,
          answer: done.answer,
          promptScans: done.scans.prompt,
          status: 'saving',
        }));
        // The stored question and answer replace the turn once the conversation is read again
        // (the view hides a saving turn as soon as the conversation has more than baseCount).
        let detail: ConversationDetail | undefined;
        try {
          detail = await queryClient.fetchQuery({
            ...conversationQuery(conversationId),
            staleTime: 0,
          });
        } catch {
          // Stored all the same: the conversation shows it when it is read next.
        }
        if (detail) {
          await finish(detail, baseCount === 0);
        }
        update(conversationId, () => undefined);
      } catch (error) {
        clearTimeout(timer);
        if (controller.signal.aborted) {
          update(conversationId, (turn) => ({
            ...turn,
            answer,
            status: 'stopped',
            restoreDraft: question,
          }));
        } else if (discardOnFailure && files.length === 0) {
          // A first question that failed (often: blocked) leaves no empty conversation behind;
          // the person is back in a new chat with the notice and their question.
          const failed: Turn = {
            conversationId: NEW_CHAT,
            question,
            files,
            baseCount: 0,
            answer: '',
            status: 'failed',
            notice: describeTurnError(error, answering),
            restoreDraft: question,
          };
          setTurns(({ [conversationId]: _, ...others }) => ({ ...others, [NEW_CHAT]: failed }));
          const path = `/chat/${encodeURIComponent(conversationId)}`;
          if (window.location.pathname === path) {
            void navigateRef.current('/chat', { replace: true });
          }
          try {
            await deleteConversation(conversationId);
            queryClient.removeQueries({ queryKey: chatKeys.conversation(conversationId) });
          } catch {
            // Then it stays, empty; the person may delete it.
          }
          await queryClient.invalidateQueries({ queryKey: chatKeys.conversations });
        } else {
          update(conversationId, (turn) => ({
            ...turn,
            answer: '',
            status: 'failed',
            notice: describeTurnError(error, answering),
            restoreDraft: question,
          }));
        }
      } finally {
        if (controllers.current.get(conversationId) === controller) {
          controllers.current.delete(conversationId);
        }
      }
    },
    [finish, queryClient, setTurns, update],
  );

  const stop = useCallback((conversationId: string) => {
    controllers.current.get(conversationId)?.abort();
  }, []);

  /** Forgets a stopped or failed turn (its notice was read, or a new question replaces it). */
  const dismiss = useCallback(
    (conversationId: string) => {
      update(conversationId, (turn) =>
        turn.status === 'stopped' || turn.status === 'failed' ? undefined : turn,
      );
    },
    [update],
  );

  /** The composer took the question back. */
  const draftRestored = useCallback(
    (conversationId: string) => {
      update(conversationId, ({ restoreDraft: _, ...turn }) => turn);
    },
    [update],
  );

  return { turns, send, stop, dismiss, draftRestored };
}

export type Turns = ReturnType<typeof useTurns>;
