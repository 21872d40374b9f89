-- An opsdesk database at schema version 1 (opsdesk 0.1.0, init --demo and
-- one edit), for testing the upgrade to later versions. Load with sqlite3.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta VALUES('audit_head','8:8f21c31a48b2723f20833153e635f7555b29e9653289fd5dc7833a31504554f5');
CREATE TABLE staff(
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  team TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;
INSERT INTO staff VALUES(1,'ouyang','ouyang','','',1,1,1767574800,1767574800,'ouyang');
INSERT INTO staff VALUES(2,'zhangwei','张伟','138-0000-0001','值班组',1,1,1767574800,1767574800,'ouyang');
INSERT INTO staff VALUES(3,'wangfang','王芳','138-0000-0002','网络组',1,1,1767574800,1767574800,'ouyang');
INSERT INTO staff VALUES(4,'lina','李娜','138-0000-0003','系统二组',1,2,1767574800,1767578400,'ouyang');
INSERT INTO staff VALUES(5,'liuyang','刘洋','010-6000-1234转8004','桌面组',1,1,1767574800,1767574800,'ouyang');
INSERT INTO staff VALUES(6,'chenjing','陈静','138-0000-0005','安全组',1,1,1767574800,1767574800,'ouyang');
INSERT INTO staff VALUES(7,'alice','Alice Wong','+852 5555 0107','网络组',1,1,1767574800,1767574800,'ouyang');
CREATE TABLE staff_role(
  staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (staff_id, role)
) STRICT, WITHOUT ROWID;
INSERT INTO staff_role VALUES(1,'ops_manager');
INSERT INTO staff_role VALUES(2,'duty_operator');
INSERT INTO staff_role VALUES(3,'duty_operator');
INSERT INTO staff_role VALUES(3,'network_engineer');
INSERT INTO staff_role VALUES(4,'system_engineer');
INSERT INTO staff_role VALUES(5,'desktop_engineer');
INSERT INTO staff_role VALUES(6,'cab_member');
INSERT INTO staff_role VALUES(6,'security_engineer');
INSERT INTO staff_role VALUES(7,'network_engineer');
CREATE TABLE journal(
  id INTEGER PRIMARY KEY,
  record TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL
) STRICT;
INSERT INTO journal VALUES(1,'staff:ouyang',1767574800,'ouyang','created','login: (empty) -> ouyang; name: (empty) -> ouyang; roles: (empty) -> ops_manager');
INSERT INTO journal VALUES(2,'staff:zhangwei',1767574800,'ouyang','created','login: (empty) -> zhangwei; name: (empty) -> 张伟; phone: (empty) -> 138-0000-0001; team: (empty) -> 值班组; roles: (empty) -> duty_operator');
INSERT INTO journal VALUES(3,'staff:wangfang',1767574800,'ouyang','created','login: (empty) -> wangfang; name: (empty) -> 王芳; phone: (empty) -> 138-0000-0002; team: (empty) -> 网络组; roles: (empty) -> duty_operator,network_engineer');
INSERT INTO journal VALUES(4,'staff:lina',1767574800,'ouyang','created','login: (empty) -> lina; name: (empty) -> 李娜; phone: (empty) -> 138-0000-0003; team: (empty) -> 系统组; roles: (empty) -> system_engineer');
INSERT INTO journal VALUES(5,'staff:liuyang',1767574800,'ouyang','created','login: (empty) -> liuyang; name: (empty) -> 刘洋; phone: (empty) -> 010-6000-1234转8004; team: (empty) -> 桌面组; roles: (empty) -> desktop_engineer');
INSERT INTO journal VALUES(6,'staff:chenjing',1767574800,'ouyang','created','login: (empty) -> chenjing; name: (empty) -> 陈静; phone: (empty) -> 138-0000-0005; team: (empty) -> 安全组; roles: (empty) -> cab_member,security_engineer');
INSERT INTO journal VALUES(7,'staff:alice',1767574800,'ouyang','created','login: (empty) -> alice; name: (empty) -> Alice Wong; phone: (empty) -> +852 5555 0107; team: (empty) -> 网络组; roles: (empty) -> network_engineer');
INSERT INTO journal VALUES(8,'staff:lina',1767578400,'ouyang','changed','team: 系统组 -> 系统二组');
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  op TEXT NOT NULL,
  record TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
INSERT INTO audit VALUES(1,1767574800,'ouyang','staff.bootstrap','staff:ouyang','{"login":["","ouyang"],"name":["","ouyang"],"roles":["","ops_manager"]}','0000000000000000000000000000000000000000000000000000000000000000','4d33db473ed7e91f872848cbd6c2307553d5e8e94b6ebf26d06767ff4c7bd765');
INSERT INTO audit VALUES(2,1767574800,'ouyang','staff.add','staff:zhangwei','{"login":["","zhangwei"],"name":["","张伟"],"phone":["","138-0000-0001"],"team":["","值班组"],"roles":["","duty_operator"]}','4d33db473ed7e91f872848cbd6c2307553d5e8e94b6ebf26d06767ff4c7bd765','94ed1d4604913be03085c5ed458f21567ad6f6c1b84206b103f902089d2efdc4');
INSERT INTO audit VALUES(3,1767574800,'ouyang','staff.add','staff:wangfang','{"login":["","wangfang"],"name":["","王芳"],"phone":["","138-0000-0002"],"team":["","网络组"],"roles":["","duty_operator,network_engineer"]}','94ed1d4604913be03085c5ed458f21567ad6f6c1b84206b103f902089d2efdc4','7a6f5d5f1af1c10358eb79b93c98aa73d1bd84f1e49543d4981a3fec19d7c305');
INSERT INTO audit VALUES(4,1767574800,'ouyang','staff.add','staff:lina','{"login":["","lina"],"name":["","李娜"],"phone":["","138-0000-0003"],"team":["","系统组"],"roles":["","system_engineer"]}','7a6f5d5f1af1c10358eb79b93c98aa73d1bd84f1e49543d4981a3fec19d7c305','1f4c081dfde0cc963d3213d9996f1df148cc2983295ca92b7053da7da2feaedf');
INSERT INTO audit VALUES(5,1767574800,'ouyang','staff.add','staff:liuyang','{"login":["","liuyang"],"name":["","刘洋"],"phone":["","010-6000-1234转8004"],"team":["","桌面组"],"roles":["","desktop_engineer"]}','1f4c081dfde0cc963d3213d9996f1df148cc2983295ca92b7053da7da2feaedf','5bf34d16ab01b0f176c1feec3c95b56f03043a49b04159f1d7c588c88c0b0f09');
INSERT INTO audit VALUES(6,1767574800,'ouyang','staff.add','staff:chenjing','{"login":["","chenjing"],"name":["","陈静"],"phone":["","138-0000-0005"],"team":["","安全组"],"roles":["","cab_member,security_engineer"]}','5bf34d16ab01b0f176c1feec3c95b56f03043a49b04159f1d7c588c88c0b0f09','8e0d4bd7e25b7a454cc701e3b4f60bd8f792e399d0d91af37a942f8fe0fcc3e3');
INSERT INTO audit VALUES(7,1767574800,'ouyang','staff.add','staff:alice','{"login":["","alice"],"name":["","Alice Wong"],"phone":["","+852 5555 0107"],"team":["","网络组"],"roles":["","network_engineer"]}','8e0d4bd7e25b7a454cc701e3b4f60bd8f792e399d0d91af37a942f8fe0fcc3e3','3129f7b2105665532822b60ee0822d39738fa31867fd7eecc5b10e03b0f22d8f');
INSERT INTO audit VALUES(8,1767578400,'ouyang','staff.edit','staff:lina','{"team":["系统组","系统二组"]}','3129f7b2105665532822b60ee0822d39738fa31867fd7eecc5b10e03b0f22d8f','8f21c31a48b2723f20833153e635f7555b29e9653289fd5dc7833a31504554f5');
CREATE TABLE draft(
  login TEXT NOT NULL,
  form TEXT NOT NULL,
  saved INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (login, form)
) STRICT;
CREATE INDEX journal_by_record ON journal(record, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
COMMIT;
PRAGMA user_version = 1;
