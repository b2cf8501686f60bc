import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, useSession } from '../../../lib/api.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { Notice } from '../../../components/Notice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import {
  addFileToConversation,
  agentsQuery,
  chatKeys,
  conversationQuery,
  createConversation,
  deleteFile,
  type ChatFile,
  type ConversationDetail,
} from '../api.ts';
import { NEW_CHAT, type Turns } from '../hooks/use-turns.ts';
import { describeUploadError } from '../turn-errors.ts';
import { ConversationHeader, type DrawerControls } from './ConversationHeader.tsx';
import { MessageList } from './MessageList.tsx';
import { Composer, type Upload } from './Composer.tsx';

interface Props extends DrawerControls {
  conversationId: string | undefined;
  turns: Turns;
}

/** The open conversation (or a new chat): its header, its messages and the composer. */
export function ConversationView({ conversationId, turns, ...drawer }: Props) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const isAdmin = useSession().user.roles.includes('CompanyAdmin');
  const agents = useQuery(agentsQuery);
  const detail = useQuery({
    ...conversationQuery(conversationId ?? ''),
    enabled: conversationId !== undefined,
  });
  const [chosenAgentId, setChosenAgentId] = useState<string>();
  const [draft, setDraft] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [problem, setProblem] = useState<string>();
  const [creating, setCreating] = useState(false);
  const composer = useRef<HTMLTextAreaElement>(null);
  // The conversation this view created for its first message or file: opening it keeps the draft.
  const created = useRef<string>(undefined);
  const statusId = useId();

  const conversation = conversationId ? detail.data : undefined;
  const turn = turns.turns[conversationId ?? NEW_CHAT];
  const busy = creating || turn?.status === 'sending' || turn?.status === 'streaming';
  const agentList = agents.data ?? [];
  const agentId = conversationId ? conversation?.agentId : (chosenAgentId ?? agentList[0]?.id);
  const agent = agentList.find((candidate) => candidate.id === agentId);

  useDocumentTitle(conversationId ? conversation?.title || 'New chat' : 'New chat');

  // Another conversation opened: a fresh composer, focused.
  useEffect(() => {
    if (conversationId !== undefined && conversationId === created.current) {
      return;
    }
    created.current = undefined;
    setDraft('');
    setUploads([]);
    setProblem(undefined);
    composer.current?.focus();
  }, [conversationId]);

  // A question that was not stored comes back into the composer (unless a new one was begun).
  const restore = turn?.restoreDraft;
  useEffect(() => {
    if (restore !== undefined) {
      setDraft((current) => (current.trim() ? current : restore));
      turns.draftRestored(conversationId ?? NEW_CHAT);
    }
  }, [restore, conversationId, turns]);

  /** The open conversation, created first for a new chat's first message or file. */
  const ensureConversation = async (): Promise<string | undefined> => {
    if (conversationId) {
      return conversationId;
    }
    if (!agentId) {
      return undefined;
    }
    setCreating(true);
    try {
      const fresh = await createConversation(agentId);
      const empty: ConversationDetail = { ...fresh, messages: [], files: [] };
      queryClient.setQueryData(chatKeys.conversation(fresh.id), empty);
      void queryClient.invalidateQueries({ queryKey: chatKeys.conversations });
      created.current = fresh.id;
      await navigate(`/chat/${encodeURIComponent(fresh.id)}`);
      return fresh.id;
    } catch (error) {
      setProblem(`The conversation could not be started. ${errorMessage(error)}`);
      return undefined;
    } finally {
      setCreating(false);
    }
  };

  const pendingFiles = (id: string): ChatFile[] =>
    queryClient
      .getQueryData<ConversationDetail>(chatKeys.conversation(id))
      ?.files.filter((file) => file.messageId === null) ?? [];

  const send = async () => {
    const question = draft.trim();
    if (!question || busy) {
      return;
    }
    setProblem(undefined);
    turns.dismiss(NEW_CHAT);
    const fresh = conversationId === undefined;
    const id = await ensureConversation();
    if (!id) {
      return;
    }
    const base = queryClient.getQueryData<ConversationDetail>(chatKeys.conversation(id));
    setDraft('');
    setUploads((all) => all.filter((upload) => !upload.error));
    composer.current?.focus();
    // A conversation begun for this question (or begun by this view, still empty) is taken back
    // if the question fails.
    const discard = (fresh || created.current === id) && (base?.messages.length ?? 0) === 0;
    void turns.send(id, question, pendingFiles(id), base?.messages.length ?? 0, discard);
  };

  const attach = async (files: File[]) => {
    if (files.length === 0) {
      return;
    }
    setProblem(undefined);
    const id = await ensureConversation();
    if (!id) {
      return;
    }
    for (const file of files) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      setUploads((all) => [...all, { key, name: file.name, sizeBytes: file.size }]);
      try {
        const stored = await addFileToConversation(id, file);
        queryClient.setQueryData<ConversationDetail>(chatKeys.conversation(id), (old) =>
          old ? { ...old, files: [...old.files, stored] } : old,
        );
        setUploads((all) => all.filter((upload) => upload.key !== key));
      } catch (error) {
        setUploads((all) =>
          all.map((upload) =>
            upload.key === key
              ? { ...upload, error: describeUploadError(error, file.name) }
              : upload,
          ),
        );
      }
    }
  };

  const removeFile = async (file: ChatFile) => {
    if (!conversationId) {
      return;
    }
    try {
      await deleteFile(file.id);
      queryClient.setQueryData<ConversationDetail>(chatKeys.conversation(conversationId), (old) =>
        old ? { ...old, files: old.files.filter((candidate) => candidate.id !== file.id) } : old,
      );
    } catch (error) {
      setProblem(`${file.name} could not be removed. ${errorMessage(error)}`);
    }
  };

  const notFound = detail.error instanceof ApiError && detail.error.status === 404;
  const unavailable = conversationId
    ? conversation !== undefined && !agent && agents.isSuccess
    : agents.isSuccess && agentList.length === 0;
  const composerDisabled =
    unavailable || notFound || (conversationId !== undefined && !conversation);
  // Files attached since the last question go with the next one; a question in flight took them.
  const inFlight = turn && turn.status !== 'failed' && turn.status !== 'stopped';
  const attached = inFlight ? [] : (conversation?.files ?? []);

  return (
    <section
      className="chat-main"
      aria-labelledby={`${statusId}-title`}
      onDragOver={(event) => {
        if (!composerDisabled && event.dataTransfer.types.includes('Files')) {
          event.preventDefault();
        }
      }}
      onDrop={(event) => {
        if (!composerDisabled && event.dataTransfer.files.length > 0) {
          event.preventDefault();
          void attach([...event.dataTransfer.files]);
        }
      }}
    >
      <ConversationHeader
        titleId={`${statusId}-title`}
        conversation={conversation}
        isNew={conversationId === undefined}
        agents={agentList}
        agentsLoading={agents.isPending}
        agentId={agentId ?? undefined}
        onChooseAgent={setChosenAgentId}
        {...drawer}
      />
      {agents.isError && (
        <Notice kind="error">Your agents could not be loaded. {errorMessage(agents.error)}</Notice>
      )}
      {notFound ? (
        <div className="chat-empty">
          <h2>This conversation is not available</h2>
          <p>It was deleted, or it belongs to someone else.</p>
          <Link to="/chat" className="button">
            Start a new chat
          </Link>
        </div>
      ) : conversationId && detail.isPending ? (
        <div className="chat-empty">
          <Spinner label="Loading the conversation…" />
        </div>
      ) : conversationId && detail.isError ? (
        <div className="chat-empty">
          <Notice kind="error">
            The conversation could not be loaded. {errorMessage(detail.error)}{' '}
            <button type="button" className="button-link" onClick={() => void detail.refetch()}>
              Try again
            </button>
          </Notice>
        </div>
      ) : (
        <MessageList
          key={conversationId ?? 'new'}
          conversation={conversation}
          turn={turn}
          agent={agent}
        />
      )}
      <div className="chat-bottom">
        {turn?.status === 'failed' && turn.notice && (
          <div
            className={`notice ${turn.notice.kind === 'blocked' ? 'notice-warning' : 'notice-error'} chat-turn-notice`}
            role="alert"
          >
            <p>
              <strong>{turn.notice.title}.</strong> {turn.notice.text}
            </p>
            <button
              type="button"
              className="button-quiet"
              onClick={() => {
                turns.dismiss(turn.conversationId);
                composer.current?.focus();
              }}
            >
              Dismiss
            </button>
          </div>
        )}
        {problem && <Notice kind="error">{problem}</Notice>}
        {unavailable && (
          <Notice kind="info">
            {conversationId ? (
              'The agent of this conversation is no longer available to you, so it cannot go on. You can still read it, or start a new chat.'
            ) : isAdmin ? (
              <>
                No agent is available to you yet.{' '}
                <Link to="/admin/agents/new">Create one under Admin → AI agents</Link> (the Demo
                assistant template needs no AI provider) and assign it to yourself on its
                Assignments tab.
              </>
            ) : (
              'No agent is available to you yet. Ask your administrator to assign you one.'
            )}
          </Notice>
        )}
        <Composer
          textarea={composer}
          draft={draft}
          onDraft={setDraft}
          onSend={() => void send()}
          onStop={() => conversationId && turns.stop(conversationId)}
          busy={busy}
          disabled={composerDisabled}
          agentName={agent?.name}
          files={attached.filter((file) => file.messageId === null)}
          uploads={uploads}
          onAttach={(files) => void attach(files)}
          onRemoveFile={(file) => void removeFile(file)}
          onDismissUpload={(key) => setUploads((all) => all.filter((upload) => upload.key !== key))}
        />
      </div>
      <p className="visually-hidden" role="status">
        {creating
          ? 'Starting the conversation…'
          : turn?.status === 'sending' || turn?.status === 'streaming'
            ? 'The agent is answering…'
            : turn?.status === 'stopped'
              ? 'Stopped. This answer was not saved.'
              : ''}
      </p>
    </section>
  );
}
