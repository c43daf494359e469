// Reading SHOW GRANTS lines as MariaDB and MySQL 8 print them: what counts as a write, what
// reads beyond the source, and what is only reading.
import { describe, expect, it } from 'vitest';
import { judgeGrants } from './privileges.js';

describe('judgeGrants', () => {
  it('finds nothing in a SELECT-only account (MariaDB, with its password hash in the line)', () => {
    const found = judgeGrants([
      "GRANT USAGE ON *.* TO `reader`@`%` IDENTIFIED BY PASSWORD '*A4B6157319038724E3560894F7F932C8886EBFCF'",
      'GRANT SELECT, SHOW VIEW ON `erp`.* TO `reader`@`%`',
    ]);
    expect(found).toEqual({ writes: [], reads: [], roles: [] });
  });

  it('names each write with its scope, column lists dropped, GRANT OPTION included', () => {
    const found = judgeGrants([
      'GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION',
      'GRANT SELECT, INSERT (`a`, `b`), UPDATE ON `erp`.`orders` TO `u`@`%`',
      'GRANT FILE ON *.* TO `u`@`%`',
      "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION",
    ]);
    expect(found.writes).toEqual(['ALL PRIVILEGES, GRANT OPTION on *.*', 'INSERT, UPDATE on `erp`.`orders`', 'FILE on *.*', "PROXY, GRANT OPTION on ''@'%'"]);
  });

  it('counts a privilege it does not know as a write, and lists reads beyond and granted roles', () => {
    const found = judgeGrants(['GRANT SELECT, CREATE TEMPORARY TABLES, PROCESS ON *.* TO `u`@`%`', 'GRANT `analyst`@`%` TO `u`@`%`', 'GRANT SHOW DATABASES, BINLOG MONITOR ON *.* TO u']);
    expect(found.writes).toEqual(['CREATE TEMPORARY TABLES on *.*']);
    expect(found.reads).toEqual(['PROCESS on *.*', 'SHOW DATABASES, BINLOG MONITOR on *.*']);
    expect(found.roles).toEqual(['`analyst`@`%`']);
  });
});
