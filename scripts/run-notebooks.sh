#!/usr/bin/env bash
# Executes every tutorial notebook headless with Jupyter (nbconvert, from build/venv) and the GoNB
# kernel, writing the executed copies and HTML to build/notebooks/. Fails, showing the error, if
# any cell of any notebook fails. (make browser-test runs them again, in JupyterLab in a browser.)
#
#   scripts/run-notebooks.sh            execute notebooks/*.ipynb into build/notebooks/, and check
#                                       that they show what their committed copies show
#   scripts/run-notebooks.sh --update   execute them and copy them back, to commit their outputs
#   scripts/run-notebooks.sh [--update] notebooks/09-weights-playground.ipynb ...
#                                       only the notebooks named
#
# The setup cell's output (it names this checkout's directory) is removed from the copies, and a
# cell's consecutive pieces of output to one stream are joined (as the page shows them).
set -uo pipefail
cd "$(dirname "$0")/.."
out=build/notebooks
mkdir -p "$out"
update=false
[ "${1:-}" = --update ] && { update=true; shift; }
notebooks=("$@")
((${#notebooks[@]})) || notebooks=(notebooks/*.ipynb)
for nb in "${notebooks[@]}"; do
	[[ -f $nb && $nb == notebooks/*.ipynb ]] || { echo "run-notebooks: $nb: not a notebook in notebooks/" >&2; exit 2; }
done
venv=build/venv
[ -x "$venv/bin/jupyter" ] || { echo "run-notebooks: no $venv/bin/jupyter: run scripts/setup.sh first" >&2; exit 1; }
jupyter() { "$venv/bin/jupyter" "$@"; }
# The venv's GoNB kernel (this checkout's), before any that a user installed for all their Jupyters.
export JUPYTER_PREFER_ENV_PATH=1

# The notebooks save the models they train in notebooks/models/ and reload them in later cells;
# start without any, so that every run trains them (and shows the same outputs).
rm -rf notebooks/models

failed=()
for nb in "${notebooks[@]}"; do
	name=$(basename "$nb" .ipynb)
	start=$SECONDS
	dest="$out/$name.ipynb"
	if jupyter nbconvert --to notebook --execute "$nb" --output-dir "$out" \
		--ExecutePreprocessor.kernel_name=gonb --ExecutePreprocessor.timeout=900 \
		--ExecutePreprocessor.record_timing=False \
		>"$out/$name.log" 2>&1 &&
		jupyter nbconvert --to notebook --inplace "$dest" \
			--TagRemovePreprocessor.enabled=True \
			--TagRemovePreprocessor.remove_all_outputs_tags=setup \
			--NotebookExporter.preprocessors=nbconvert.preprocessors.CoalesceStreamsPreprocessor \
			>>"$out/$name.log" 2>&1 &&
		jupyter nbconvert --to html "$dest" --output-dir "$out" >>"$out/$name.log" 2>&1; then
		if $update; then
			cp "$dest" "$nb"
		elif ! "$venv/bin/python" scripts/same-outputs.py "$nb" "$dest"; then
			echo "STALE $nb: its committed outputs differ from a fresh run; run make update-notebooks"
			failed+=("$nb")
			continue
		fi
		echo "ok    $nb ($((SECONDS - start)) s)"
	else
		echo "FAIL  $nb ($((SECONDS - start)) s); the error, from $out/$name.log:"
		# Jupyter's report of the failing cell, without GoNB's own log lines.
		grep -vE '^[IWE][0-9]{4} |^\s*$' "$out/$name.log" | tail -n 40 | sed 's/^/      /'
		failed+=("$nb")
	fi
done
if ((${#failed[@]})); then
	echo "${#failed[@]} notebook(s) failed: ${failed[*]}"
	exit 1
fi
echo
echo "The executed tutorials are in $out/: open the .html files in a browser, or work with"
echo "the notebooks themselves in JupyterLab: make lab"
