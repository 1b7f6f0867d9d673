# Shell completion (completions/): bash completes commands, options, the
# fixed values of an option and file names (complete -p, then COMP_WORDS
# and COMPREPLY as bash fills them on TAB); zsh loads its script and gives
# the same answers with compadd stubbed; make install puts both where the
# shells look and make uninstall takes away what install put.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/bin" "$T/files"
ln -s "$ROSTER" "$T/bin/roster"
touch "$T/files/roster.xlsx" "$T/files/roster.csv" "$T/files/other"

# bashc WORD...: what bash completes for the command line WORD... (the last
# word being the one under the cursor), sorted, on one line.
bashc() {
	(cd "$T/files" && PATH="$T/bin:$PATH" bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
		_roster
		((${#COMPREPLY[@]})) && printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ \
	    "$REPO/completions/roster.bash" "$@")
}
run bash --norc --noprofile -c "source '$REPO/completions/roster.bash'; complete -p roster"
expect_eq "$OUT" "complete -F _roster roster" "bash: complete -p roster"
expect_eq "$(bashc roster s)" "set-grad-year settings signin site status-codes " "bash: commands"
expect_eq "$(bashc roster group '')" "add list " "bash: the second word of a command"
expect_eq "$(bashc roster export --format '')" "csv google json oneroster xlsx " "bash: export's formats"
expect_eq "$(bashc roster list --format '')" "csv json table " "bash: list's formats"
expect_eq "$(bashc roster --user x undo --format '')" "json text " "bash: after a global option and its value"
expect_eq "$(bashc roster account add --type '')" "admin staff student " "bash: account types"
expect_eq "$(bashc roster account add --sso c)" "classlink clever " "bash: SSO providers"
expect_eq "$(bashc roster import x --file-format=x)" "--file-format=xlsx " "bash: --name=value"
expect_eq "$(bashc roster import --upl)" "--upload " "bash: a command's option"
expect_eq "$(bashc roster --pass)" "--password-file " "bash: a global option"
expect_eq "$(bashc roster export -o roster.)" "roster.csv roster.xlsx " "bash: file names after -o"
expect_eq "$(bashc roster import '')" "other roster.csv roster.xlsx " "bash: import's file"
expect_eq "$(bashc roster --db r)" "roster.csv roster.xlsx " "bash: file names after --db"
expect_eq "$(bashc roster move-group --to '')" "" "bash: no guess at a free value"
# Every option each command's --help lists is completed.
missing=""
for c in $("$ROSTER" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\( [a-z]*\)\?\)  .*/\1/p' | tr ' ' '+'); do
	c=${c//+/ }
	# shellcheck disable=SC2086
	want=$("$ROSTER" $c --help | sed -n 's/^  \(-[a-z], \)\?\(--[a-z-]*\).*/\2/p' | sort | tr '\n' ' ')
	# shellcheck disable=SC2086
	got=$(bashc roster $c --)
	for o in $want; do case " $got " in *" $o "*) ;; *) missing="$missing $c:$o" ;; esac; done
done
expect_eq "$missing" "" "bash: every command's every option"

# zsh: the script parses, compinit picks it up, and it answers alike.
run zsh -n "$REPO/completions/_roster"
expect_rc 0 "zsh -n _roster"
mkdir -p "$T/zfunc" && cp "$REPO/completions/_roster" "$T/zfunc/"
run env HOME="$T" PATH="$T/bin:$PATH" zsh -f -c "fpath=('$T/zfunc' \$fpath); autoload -U compinit; compinit -u -d '$T/zcompdump'; print -r -- \${_comps[roster]}"
expect_eq "$OUT" "_roster" "zsh: compinit binds roster to _roster"
zshc() {
	(cd "$T/files" && PATH="$T/bin:$PATH" zsh -f -c '
		fpath=("$1" $fpath); shift
		autoload -Uz _roster
		compadd() { local i=${@[(i)--]}; print -rl -- "${(@)argv[i+1,-1]}"; }
		_files() { print -r -- "(files)"; }
		words=("$@"); CURRENT=$#
		_roster | sort | tr "\n" " "' _ "$T/zfunc" "$@")
}
expect_eq "$(zshc roster group '')" "add list " "zsh: the second word of a command"
expect_eq "$(zshc roster export --format '')" "csv google json oneroster xlsx " "zsh: export's formats"
expect_eq "$(zshc roster account add --type '')" "admin staff student " "zsh: account types"
expect_eq "$(zshc roster export -o '')" "(files) " "zsh: file names after -o"
case " $(zshc roster '') " in *" reset-passwords "*" "*) ok ;; *) not_ok "zsh: commands" ;; esac

# make install / make uninstall.
run make -s -C "$REPO" install DESTDIR="$T/root" PREFIX=/usr ROSTER="$ROSTER"
expect_rc 0 "make install DESTDIR"
for f in usr/bin/roster usr/share/man/man1/roster.1 \
    usr/share/bash-completion/completions/roster usr/share/zsh/vendor-completions/_roster; do
	[ -f "$T/root/$f" ] && ok || not_ok "make install puts $f"
done
cmp -s "$T/root/usr/share/bash-completion/completions/roster" "$REPO/completions/roster.bash" && ok ||
    not_ok "the installed bash completion is completions/roster.bash"
touch "$T/root/usr/share/bash-completion/completions/someone-else"
run make -s -C "$REPO" uninstall DESTDIR="$T/root" PREFIX=/usr
expect_rc 0 "make uninstall"
expect_eq "$(cd "$T/root" && find . -type f | sort | tr '\n' ' ')" \
    "./usr/share/bash-completion/completions/someone-else " "make uninstall removes what install put, and only that"
finish
