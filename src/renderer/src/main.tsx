import { createRoot } from 'react-dom/client';
import { createApi } from './api/api';

const api = createApi();
createRoot(document.getElementById('root')!).render(<p>Reprise ({api.transport})</p>);
