import { isHostMessage } from '../shared/protocol';

window.addEventListener('message', (event) => {
  if (isHostMessage(event.data)) {
    document.body.dataset.lastMessage = event.data.type;
  }
});
