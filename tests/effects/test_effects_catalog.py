"""The command catalog: per-command and per-subcommand knowledge."""

from __future__ import annotations

import pytest
from effects_support import classify, tier_of

from cmdlib.effects import Tier

R, M, D, U = Tier.READ_ONLY, Tier.MUTATING, Tier.DESTRUCTIVE, Tier.UNKNOWN

READ_ONLY = [
    "ls -la /var/log",
    "cat /etc/os-release",
    "head -n 20 /var/log/syslog",
    "tail -n 100 /var/log/app.log",
    "grep -c ERROR /var/log/app.log",
    "awk '{print $1}' /etc/passwd",
    "sed -n '1,5p' /etc/hosts",
    "df -hP /",
    "du -sh /var",
    "ps aux --sort=-%mem",
    "top -b -n 1",
    "free -m",
    "uptime",
    "journalctl -u nginx -n 50 --no-pager",
    "systemctl status nginx --no-pager",
    "systemctl show -p ActiveState nginx",
    "systemctl list-units --state=failed",
    "systemctl --no-pager is-active nginx",
    "docker ps -a",
    "docker logs --tail 20 app",
    "docker inspect app",
    "kubectl get pods -n prod -o wide",
    "kubectl -n prod describe pod web-0",
    "kubectl logs -f web-0 --tail=100",
    "kubectl top pods",
    "kubectl explain deployment",
    "kubectl api-resources",
    "kubectl auth can-i delete pods",
    "kubectl version --client",
    "kubectl config view --minify",
    "kubectl rollout status deployment/web",
    "aws ec2 describe-instances --region eu-west-1",
    "aws s3api list-buckets",
    "aws iam get-user --user-name ops",
    "aws logs tail /aws/lambda/x --since 1h",
    "aws s3 ls s3://bucket/",
    "aws s3 cp s3://bucket/key -",
    "aws --output json sts get-caller-identity",
    "psql -c 'SELECT count(*) FROM pg_stat_activity'",
    "psql -At -c 'SHOW max_connections'",
    'psql -c "WITH a AS (SELECT 1) SELECT * FROM a"',
    "curl -fsS https://example.com/health",
    "curl -o /dev/null -w '%{http_code}' https://x",
    "wget -qO- https://example.com",
    "iptables -L -n",
    "sysctl net.ipv4.ip_forward",
    "ip addr show",
    "tar -tzf backup.tgz",
    "tar -czf - /etc",
    "gzip -c file > /dev/null",
    "dd if=/dev/sda bs=512 count=1",
    "kill -0 123",
    "logrotate -d /etc/logrotate.conf",
    "crontab -l",
    "mount",
    "hostname",
    "date +%s",
    "helm list -A",
    "terraform plan",
    "timedatectl",
    "hostnamectl status",
    "loginctl list-sessions",
    "openssl x509 -in cert.pem -noout -dates",
    "openssl s_client -connect example.com:443",
    "pg_dump appdb",
    "diff <(ls /a) <(ls /b)",
    "apt-get",
    "crictl ps -a",
    "podman logs --tail 50 web",
    "lsns -t net",
]

MUTATING = [
    "kill -HUP 1234",
    "pkill -f worker",
    "killall nginx",
    "systemctl restart nginx",
    "systemctl start nginx",
    "systemctl stop nginx",
    "systemctl reload nginx",
    "systemctl enable --now nginx",
    "systemctl disable nginx",
    "kubectl apply -f app.yaml",
    "kubectl create namespace tmp",
    "kubectl patch deploy web -p '{}'",
    "kubectl label pod web-0 a=b",
    "kubectl annotate pod web-0 a=b",
    "kubectl scale deployment web --replicas=3",
    "kubectl rollout restart deployment web",
    "kubectl cordon node-1",
    "kubectl uncordon node-1",
    "kubectl set image deploy/web app=x:1",
    "kubectl delete pod web-0",
    "kubectl delete pods -l app=web",
    "kubectl -n prod delete po/web-0",
    "aws ec2 create-snapshot --volume-id vol-1",
    "aws ec2 start-instances --instance-ids i-1",
    "aws iam create-access-key --user-name ops",
    "aws iam update-access-key --access-key-id A --status Inactive",
    "aws s3 cp ./a s3://bucket/a",
    "logrotate --force /etc/logrotate.d/app",
    "sed -i 's/a/b/' /etc/app.conf",
    "sed -i.bak -e 's/a/b/' f",
    "tee /etc/motd",
    "cp a b",
    "mv a b",
    "mkdir -p /srv/x",
    "touch /tmp/flag",
    "chmod 600 key",
    "chown app: /srv",
    "ln -s a b",
    "tar -xzf a.tgz -C /srv",
    "gzip /var/log/old.log",
    "truncate -s 0 /var/log/app.log",
    "apt-get install -y jq",
    "docker restart app",
    "docker stop app",
    "curl -X POST https://x/api",
    "curl -d 'a=1' https://x/api",
    "curl --request DELETE https://x/api/1",
    "curl -o out.bin https://x/file",
    "wget https://x/file",
    "psql -c 'UPDATE users SET a = 1'",
    'psql -c "SELECT pg_terminate_backend(123)"',
    "psql -c 'VACUUM ANALYZE'",
    "dd if=a of=/tmp/b",
    "iptables -A INPUT -j DROP",
    "sysctl -w vm.swappiness=10",
    "journalctl --vacuum-time=2d",
    "helm upgrade web chart",
    "terraform apply -auto-approve",
    "ip link set eth0 down",
    "timedatectl set-ntp true",
    "hostnamectl set-hostname web-1",
    "openssl req -new -key k.pem -out req.csr",
    "pg_dump -f /backup/app.sql appdb",
    "exec > >(tee -a /var/log/run.log) 2>&1",
]

DESTRUCTIVE = [
    ("rm -rf /srv/data", "deletion"),
    ("rm -r /tmp/a", "deletion"),
    ("rm /tmp/file", "deletion"),
    ("mkfs.ext4 /dev/sdb1", "format"),
    ("mkfs -t xfs /dev/sdc", "format"),
    ("dd if=/dev/zero of=/dev/sdb bs=1M", "overwrite"),
    ("wipefs -a /dev/sdb", "wipe"),
    ("shred -u secret.txt", "shred"),
    ("shutdown -h now", "shutdown"),
    ("reboot", "reboot"),
    ("halt", "halt"),
    ("poweroff", "poweroff"),
    ("systemctl reboot", "reboot"),
    ("kubectl delete namespace staging", "namespace-deletion"),
    ("kubectl delete ns staging", "namespace-deletion"),
    ("kubectl delete node node-1", "node-deletion"),
    ("kubectl delete pv pv-1", "pv-deletion"),
    ("kubectl delete pvc data-0", "pvc-deletion"),
    ("kubectl delete deployment web", "deployment-deletion"),
    ("kubectl delete statefulset db", "statefulset-deletion"),
    ("kubectl delete pods,svc -l app=x", "service-deletion"),
    ("kubectl delete -f app.yaml", "deletion"),
    ("kubectl drain node-1 --ignore-daemonsets", "drain"),
    ("aws ec2 terminate-instances --instance-ids i-1", "instance-termination"),
    ("aws ec2 delete-snapshot --snapshot-id snap-1", "snapshot-deletion"),
    ("aws rds delete-db-instance --db-instance-identifier db", "instance-deletion"),
    ("aws s3api delete-bucket --bucket b", "bucket-deletion"),
    ("aws iam delete-access-key --access-key-id A", "key-deletion"),
    ("aws s3 rm s3://b/k", "object-deletion"),
    ("aws s3 rb s3://b --force", "bucket-deletion"),
    ("terraform destroy -auto-approve", "destroy"),
    ("psql -c 'DROP TABLE users'", "drop"),
    ("psql -c 'TRUNCATE audit'", "truncate"),
    ("iptables -F", "flush"),
    ("find / -name core -delete", "deletion"),
    ("docker rm -f app", "removal"),
    ("helm uninstall web", "uninstall"),
    ("crictl rmp -f web-0", "removal"),
]

UNKNOWN = [
    "frobnicate",
    "kubectl frob",
    'kubectl "$VERB" pods',
    "aws ec2 frobnicate-instances",
    'aws "$SVC" describe-x',
    "aws s3 frob",
    "psql",
    "psql -f script.sql",
    'psql -c "$SQL"',
    "psql -c 'FROBNICATE'",
    "python3 script.py",
    "ssh host uptime",
    "./local-script.sh",
    'systemctl "$ACTION" nginx',
    "source /etc/profile.d/app.sh",
    "aws ssm send-command --document-name AWS-RunShellScript",
    "aws lambda invoke --function-name f out.json",
    ". ./env.sh",
    "openssl frobnicate",
    'timedatectl "$VERB"',
]


@pytest.mark.parametrize("script", READ_ONLY)
def test_read_only_commands(script: str) -> None:
    assert tier_of(script) is R


@pytest.mark.parametrize("script", MUTATING)
def test_mutating_commands(script: str) -> None:
    assert tier_of(script) is M


@pytest.mark.parametrize(("script", "tag"), DESTRUCTIVE)
def test_destructive_commands_name_the_tag_words_they_need(script: str, tag: str) -> None:
    result = classify(script)
    assert result.tier is D
    step = next(step for step in result.steps if step.tier is D)
    assert any(word in tag for word in step.tag_words), step.tag_words


@pytest.mark.parametrize("script", UNKNOWN)
def test_commands_outside_the_catalog_are_unknown(script: str) -> None:
    assert tier_of(script) is U


def test_destructive_tag_words_are_specific_to_the_kind() -> None:
    step = classify("kubectl delete namespace x").steps[0]
    assert not any(word in "pod-restarts" for word in step.tag_words)
    assert not any(word in "deployment-deletion" for word in step.tag_words)


def test_iam_key_deletion_is_named_by_a_rotation_tag() -> None:
    step = classify("aws iam delete-access-key --access-key-id A").steps[0]
    assert any(word in "iam-key-rotation" for word in step.tag_words)


def test_mutating_steps_name_their_verb() -> None:
    assert classify("systemctl restart x").steps[0].verb == "restart"
    assert classify("kubectl scale deploy web --replicas=2").steps[0].verb == "scale"


def test_sql_comments_and_strings_do_not_fool_the_sql_check() -> None:
    assert tier_of("psql -c \"SELECT 'DROP TABLE x' -- ; DROP\"") is R
    assert tier_of("psql -c 'SELECT 1; DELETE FROM t'") is D
