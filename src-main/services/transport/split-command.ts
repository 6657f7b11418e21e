// The splitter lives in src-shared: the run dialog splits a typed container command the same way.
export { splitCommand } from '../../../src-shared/shell-words';
