import { useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/errors.ts';
import { Spinner } from '../../../components/Spinner.tsx';
import { agentsQuery, conversationsQuery, MAX_SEARCH_CHARS } from '../api.ts';
import { groupByAge, shortDate } from '../format.ts';
import { Icon } from './Icon.tsx';

const SEARCH_DELAY_MS = 300;

interface Props {
  /** Conversations with an answer streaming in. */
  busyIds: string[];
  /** The drawer on a phone (always shown on wider screens). */
  open: boolean;
  onClose: () => void;
}

/** New chat, search, and the person's conversations with every agent, newest activity first. */
export function ConversationSidebar({ busyIds, open, onClose }: Props) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const searchId = useId();
  const newChat = useRef<HTMLAnchorElement>(null);
  const agents = useQuery(agentsQuery);
  const list = useInfiniteQuery(conversationsQuery(search));

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  useEffect(() => {
    if (open) {
      newChat.current?.focus();
    }
  }, [open]);

  const agentName = (agentId: string | null) =>
    agentId === null ? 'Deleted agent' : agents.data?.find((agent) => agent.id === agentId)?.name;
  const showAgent = (agents.data?.length ?? 0) > 1;
  // Offset pages may overlap when a conversation moved up between two loads: each one once.
  const conversations = [
    ...new Map((list.data?.pages.flat() ?? []).map((item) => [item.id, item])).values(),
  ];

  return (
    <aside
      className="chat-sidebar"
      aria-label="Conversations"
      onKeyDown={(event) => {
        if (open && event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="chat-sidebar-top">
        <Link to="/chat" className="button chat-new" ref={newChat}>
          <Icon name="plus" /> New chat
        </Link>
        <button type="button" className="button-quiet chat-drawer-close" onClick={onClose}>
          Close
        </button>
      </div>
      <div role="search" className="chat-search">
        <label htmlFor={searchId} className="visually-hidden">
          Search conversations
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search conversations"
          value={typed}
          maxLength={MAX_SEARCH_CHARS}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && typed) {
              event.stopPropagation();
              setTyped('');
            }
          }}
        />
      </div>
      <nav className="chat-list" aria-label="Conversation list" aria-busy={list.isFetching}>
        {list.isPending ? (
          <Spinner label="Loading conversations…" />
        ) : list.isError && conversations.length === 0 ? (
          <p className="chat-list-empty" role="alert">
            The conversations could not be loaded. {errorMessage(list.error)}{' '}
            <button type="button" className="button-link" onClick={() => void list.refetch()}>
              Try again
            </button>
          </p>
        ) : conversations.length === 0 ? (
          <p className="chat-list-empty" role="status">
            {search ? `No conversation matches “${search}”.` : 'No conversations yet.'}
          </p>
        ) : (
          <>
            {search && (
              <p className="visually-hidden" role="status">
                {conversations.length}
                {list.hasNextPage ? ' or more' : ''}
                {conversations.length === 1 && !list.hasNextPage
                  ? ' conversation matches'
                  : ' conversations match'}{' '}
                “{search}”.
              </p>
            )}
            {groupByAge(conversations).map(([age, items], index) => (
              <div key={age} className="chat-list-group">
                <h2 className="chat-list-heading" id={`${searchId}-group-${index}`}>
                  {age}
                </h2>
                <ul aria-labelledby={`${searchId}-group-${index}`}>
                  {items.map((conversation) => (
                    <li key={conversation.id}>
                      <NavLink
                        to={`/chat/${encodeURIComponent(conversation.id)}`}
                        className="chat-list-item"
                      >
                        <span className="chat-list-title">{conversation.title || 'New chat'}</span>
                        <span className="chat-list-meta">
                          {busyIds.includes(conversation.id) && (
                            <span className="chat-list-busy">Answering… </span>
                          )}
                          {showAgent && agentName(conversation.agentId) && (
                            <span>{agentName(conversation.agentId)} · </span>
                          )}
                          <time dateTime={conversation.updatedAt}>
                            {shortDate(conversation.updatedAt)}
                          </time>
                        </span>
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {list.hasNextPage && (
              <button
                type="button"
                className="button-quiet chat-load-more"
                disabled={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
            {list.isError && (
              <p className="chat-list-empty" role="alert">
                {errorMessage(list.error)}
              </p>
            )}
          </>
        )}
      </nav>
    </aside>
  );
}
