#!/usr/bin/env bash
: <<'TENSOR9'
name        = "listening-ports"
display     = "Listening ports"
description = "Lists the TCP and UDP sockets listening on this host and the process owning each (ss). Read-only."
data_access = ["Network"]
permissions = "ReadOnly"

example_output = <<-EOT
  Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
  tcp   LISTEN 0      511          0.0.0.0:443       0.0.0.0:*     users:(("nginx",pid=812,fd=6))
  tcp   LISTEN 0      244        127.0.0.1:5432      0.0.0.0:*     users:(("postgres",pid=911,fd=5))
EOT
TENSOR9
set -euo pipefail
ss --tcp --udp --listening --numeric --processes
