export { ChatPage } from './components/ChatPage.tsx';
