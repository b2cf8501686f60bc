import { useEffect, useRef, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { useTurns } from '../hooks/use-turns.ts';
import { ConversationSidebar } from './ConversationSidebar.tsx';
import { ConversationView } from './ConversationView.tsx';
import '../chat.css';

/**
 * /chat (a new chat) and /chat/:conversationId: the conversation list beside the open
 * conversation; on a phone the list is a drawer opened from the conversation's header.
 */
export function ChatPage() {
  const conversationId = useParams()['*']?.split('/')[0] || undefined;
  const turns = useTurns();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const drawerButton = useRef<HTMLButtonElement>(null);
  const { key: locationKey } = useLocation();

  // Opening a conversation (or a new chat) closes the drawer.
  useEffect(() => {
    setDrawerOpen(false);
  }, [locationKey]);

  const closeDrawer = () => {
    setDrawerOpen(false);
    drawerButton.current?.focus();
  };

  return (
    <div className="chat" data-drawer-open={drawerOpen || undefined}>
      <ConversationSidebar
        busyIds={Object.values(turns.turns)
          .filter((turn) => turn.status === 'sending' || turn.status === 'streaming')
          .map((turn) => turn.conversationId)}
        open={drawerOpen}
        onClose={closeDrawer}
      />
      {drawerOpen && (
        <button
          type="button"
          className="chat-scrim"
          aria-label="Close the conversation list"
          tabIndex={-1}
          onClick={closeDrawer}
        />
      )}
      <ConversationView
        conversationId={conversationId}
        turns={turns}
        drawerButton={drawerButton}
        drawerOpen={drawerOpen}
        onOpenDrawer={() => setDrawerOpen(true)}
      />
    </div>
  );
}
