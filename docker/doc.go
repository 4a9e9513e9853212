// Package docker holds Percept's container images: Dockerfile (the CPU) and Dockerfile.cuda
// (NVIDIA GPUs), both installed by scripts/setup.sh like the README's quick start. It has no
// code: its test parses both files with Docker's own parser (no Docker engine needed) and checks
// what an image must do — run the setup script, as an ordinary user, serve JupyterLab with its
// token on the exposed port, and report its health.
package docker
