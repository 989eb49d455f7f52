import { render } from 'preact';
import { App } from './App.tsx';
import { locale } from './i18n.ts';

document.documentElement.lang = locale.value;
render(<App />, document.getElementById('app')!);
