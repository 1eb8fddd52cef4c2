import { render } from 'preact';
import { App, firstRead } from './App';
import './popup.css';

// The first render waits for the first read (a few storage reads): it shows the newest rows
// at once instead of an empty popup, a paint and an effect before them.
const root = document.getElementById('app');
if (root)
  void firstRead.then(
    (first) => render(<App first={first} />, root),
    () => render(<App />, root),
  );
