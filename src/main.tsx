import { render } from 'preact';
import { App } from './ui/App.tsx';
import { startDatabaseWorker } from './ui/database-client.ts';
import './ui/styles.css';

render(<App db={startDatabaseWorker()} />, document.getElementById('app')!);
