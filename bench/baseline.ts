process.stdout.write('one line\n');
