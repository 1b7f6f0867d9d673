# bash completion for roster(1): commands, options, the fixed values of an
# option (--format, --type, --sso, --file-format) and file names.  What a
# command takes is read from its --help, so that completion and program
# never disagree: an option followed by one space and a word takes a value;
# a|b|c lists the values; FILE or PATH means a file name.

# _roster_opts PROG [COMMAND...]: "name short value" lines of the options
# that PROG [COMMAND] --help lists (global options too when no command).
_roster_opts()
{
	local line re='^  (-([a-zA-Z]), )?--([a-z][a-z-]*)(\[=[^]]*\])?( ([^ ]+))?'
	"$@" --help 2>/dev/null | while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		printf '%s %s %s\n' "${BASH_REMATCH[3]}" \
		    "${BASH_REMATCH[2]:-_}" "${BASH_REMATCH[6]:-_}"
	done
}

_roster()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local -a cmd=() names=()
	local opts i w name short val takes line
	COMPREPLY=()

	# The commands, one or two words.
	while IFS= read -r line; do
		[[ $line =~ ^\ \ ([a-z-]+( [a-z]+)?)\ \ + ]] &&
		    names+=("${BASH_REMATCH[1]}")
	done < <("$prog" --help 2>/dev/null | sed -n '/^Commands:/,/^$/p')
	opts=$(_roster_opts "$prog")

	# The words so far: the command, skipping options and their values.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -* ]]; then
			[[ $w == *=* ]] && continue
			takes=$(_roster_value "$w" "$opts")
			[[ $takes != _ ]] && ((i++))
			continue
		fi
		if ((${#cmd[@]} == 0)) || { ((${#cmd[@]} == 1)) &&
		    _roster_is_prefix "${cmd[0]}" "${names[@]}"; }; then
			cmd+=("$w")
			if _roster_is_name "${cmd[*]}" "${names[@]}"; then
				opts+=$'\n'$(_roster_opts "$prog" "${cmd[@]}")
			fi
		fi
	done

	# The value of the option before the cursor.
	w=${COMP_WORDS[COMP_CWORD-1]}
	if ((COMP_CWORD > 1)) && [[ $w == -* && $w != *=* ]]; then
		val=$(_roster_value "$w" "$opts")
		if [[ $val == *'|'* ]]; then
			COMPREPLY=($(compgen -W "${val//|/ }" -- "$cur"))
			return 0
		elif [[ $val == *FILE* || $val == *PATH* ]]; then
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
			return 0
		elif [[ $val != _ ]]; then
			return 0
		fi
	fi
	# --name=value
	if [[ $cur == --*=* ]]; then
		val=$(_roster_value "${cur%%=*}" "$opts")
		[[ $val == *'|'* ]] &&
		    COMPREPLY=($(compgen -P "${cur%%=*}=" -W "${val//|/ }" -- "${cur#*=}"))
		return 0
	fi
	if [[ $cur == -* ]]; then
		local -a all=()
		while read -r name short val; do
			all+=("--$name")
			[[ $short != _ ]] && all+=("-$short")
		done <<<"$opts"
		COMPREPLY=($(compgen -W "${all[*]}" -- "$cur"))
		return 0
	fi
	if ((${#cmd[@]} == 0)); then
		COMPREPLY=($(compgen -W "$(printf '%s\n' "${names[@]}" | cut -d' ' -f1 | sort -u)" -- "$cur"))
	elif ((${#cmd[@]} == 1)) && _roster_is_prefix "${cmd[0]}" "${names[@]}"; then
		COMPREPLY=($(compgen -W "$(printf '%s\n' "${names[@]}" | sed -n "s/^${cmd[0]} //p")" -- "$cur"))
	elif [[ ${cmd[0]} == import ]]; then
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}

# _roster_value OPTION OPTS: the value word of --name or -x ("_": none).
_roster_value()
{
	local o=$1 name short val
	while read -r name short val; do
		if [[ $o == "--$name" || ($short != _ && $o == "-$short") ]]; then
			echo "$val"
			return
		fi
	done <<<"$2"
	echo _
}

# Is WORD the first word of a two-word command?
_roster_is_prefix()
{
	local w=$1 n
	shift
	for n; do [[ $n == "$w "* ]] && return 0; done
	return 1
}

_roster_is_name()
{
	local w=$1 n
	shift
	for n; do [[ $n == "$w" ]] && return 0; done
	return 1
}

complete -F _roster roster
