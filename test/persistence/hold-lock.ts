// A second process for the lock tests: opens the store on the data file given as the first
// argument, says "locked", and keeps it open until stdin closes (or it is killed).
import { Store } from '../../src/store/store.js';
import { baseTables } from './helpers.js';

const initial = await baseTables();
const store = await Store.openFile(process.argv[2]!, () => initial);
process.stdout.write('locked\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void store.close().then(() => process.exit(0));
});
