import { useId, useRef, useState, type RefObject } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/errors.ts';
import { Notice } from '../../../components/Notice.tsx';
import {
  chatKeys,
  deleteConversation,
  MAX_TITLE_CHARS,
  renameConversation,
  type Agent,
  type ConversationDetail,
} from '../api.ts';
import { blockedBy, describeBlock } from '../scans.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { Icon } from './Icon.tsx';

/** The narrow layout's conversation drawer, whose toggle sits in the header. */
export interface DrawerControls {
  drawerButton: RefObject<HTMLButtonElement | null>;
  drawerOpen: boolean;
  onOpenDrawer: () => void;
}

interface Props extends DrawerControls {
  titleId: string;
  conversation: ConversationDetail | undefined;
  isNew: boolean;
  agents: Agent[];
  agentsLoading: boolean;
  agentId: string | undefined;
  onChooseAgent: (agentId: string) => void;
}

/** The conversation's title and agent (a new chat chooses its agent), rename and delete. */
export function ConversationHeader({
  titleId,
  conversation,
  isNew,
  agents,
  agentsLoading,
  agentId,
  onChooseAgent,
  drawerButton,
  drawerOpen,
  onOpenDrawer,
}: Props) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const agentSelectId = useId();
  const titleInputId = useId();

  const agent = agents.find((candidate) => candidate.id === agentId);
  const heading = isNew ? 'New chat' : conversation?.title || 'New chat';

  const startRenaming = () => {
    setTitle(conversation?.title ?? '');
    setProblem(undefined);
    setRenaming(true);
  };
  const stopRenaming = () => {
    setRenaming(false);
    requestAnimationFrame(() => renameButton.current?.focus());
  };

  const saveTitle = async () => {
    if (!conversation) {
      return;
    }
    const wanted = title.trim();
    if (!wanted) {
      setProblem('Give the conversation a title.');
      return;
    }
    setSaving(true);
    try {
      const renamed = await renameConversation(conversation.id, wanted);
      queryClient.setQueryData<ConversationDetail>(chatKeys.conversation(conversation.id), (old) =>
        old ? { ...old, title: renamed.title } : old,
      );
      void queryClient.invalidateQueries({ queryKey: chatKeys.conversations });
      setProblem(undefined);
      stopRenaming();
    } catch (error) {
      const blocked = blockedBy(error);
      setProblem(
        blocked
          ? `The company’s scanners blocked this title: ${describeBlock(blocked)}. Choose another title.`
          : `The title could not be saved. ${errorMessage(error)}`,
      );
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!conversation) {
      return;
    }
    await deleteConversation(conversation.id);
    queryClient.removeQueries({ queryKey: chatKeys.conversation(conversation.id) });
    await queryClient.invalidateQueries({ queryKey: chatKeys.conversations });
    await navigate('/chat', { replace: true });
  };

  return (
    <header className="chat-header">
      <button
        type="button"
        ref={drawerButton}
        className="button-quiet chat-drawer-toggle"
        aria-expanded={drawerOpen}
        onClick={onOpenDrawer}
      >
        <Icon name="menu" />
        <span className="visually-hidden">Conversations</span>
      </button>
      <div className="chat-header-main">
        {renaming ? (
          <form
            className="chat-rename"
            onSubmit={(event) => {
              event.preventDefault();
              void saveTitle();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.stopPropagation();
                stopRenaming();
              }
            }}
          >
            <label htmlFor={titleInputId} className="visually-hidden">
              Conversation title
            </label>
            <input
              id={titleInputId}
              value={title}
              maxLength={MAX_TITLE_CHARS}
              // The form exists because the person just asked to rename.
              autoFocus
              onFocus={(event) => event.currentTarget.select()}
              onChange={(event) => setTitle(event.target.value)}
            />
            <button type="submit" className="button" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button-quiet" onClick={stopRenaming}>
              Cancel
            </button>
          </form>
        ) : (
          <h1 id={titleId} className="chat-title">
            {heading}
          </h1>
        )}
        {renaming ? null : isNew ? (
          agents.length > 1 ? (
            <div className="chat-agent-choice">
              <label htmlFor={agentSelectId}>Agent</label>
              <select
                id={agentSelectId}
                value={agentId ?? ''}
                onChange={(event) => onChooseAgent(event.target.value)}
              >
                {agents.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                    {candidate.isDefault ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p className="chat-agent">
              {agentsLoading ? 'Loading your agents…' : agent ? `With ${agent.name}` : ''}
            </p>
          )
        ) : (
          conversation && (
            <p className="chat-agent">
              {conversation.agentId === null
                ? 'Its agent was deleted'
                : agent
                  ? `With ${agent.name}`
                  : agentsLoading
                    ? ''
                    : 'Agent no longer available to you'}
            </p>
          )
        )}
      </div>
      {conversation && !isNew && !renaming && (
        <div className="chat-header-actions">
          <button type="button" ref={renameButton} className="button-quiet" onClick={startRenaming}>
            <Icon name="pencil" />
            <span className="chat-action-label">Rename</span>
          </button>
          <button
            type="button"
            className="button-quiet chat-danger"
            onClick={() => setConfirming(true)}
          >
            <Icon name="trash" />
            <span className="chat-action-label">Delete</span>
          </button>
        </div>
      )}
      {problem && (
        <div className="chat-header-problem">
          <Notice kind="error">{problem}</Notice>
        </div>
      )}
      {confirming && conversation && (
        <ConfirmDialog
          title="Delete this conversation?"
          confirmLabel="Delete conversation"
          workingLabel="Deleting…"
          onConfirm={remove}
          onClose={() => setConfirming(false)}
        >
          “{conversation.title || 'New chat'}”, its messages, their ratings and its files will be
          deleted for good.
        </ConfirmDialog>
      )}
    </header>
  );
}
