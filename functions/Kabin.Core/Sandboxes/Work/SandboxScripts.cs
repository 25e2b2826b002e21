namespace Kabin.Sandboxes.Work;

/// <summary>
/// The fixed POSIX <c>sh</c> programs Kabin runs in a sandbox. Everything from a request (paths,
/// argv, environment) goes in as positional arguments, never into the program text, so nothing a
/// tenant sends is parsed by a shell. Exit codes 20–28 are how the file programs answer.
/// </summary>
public static class SandboxScripts
{
    public const int NotFound = 20;
    public const int IsDirectory = 21;
    public const int TooLarge = 22;
    public const int NotEmpty = 23;
    public const int ParentNotDirectory = 24;
    public const int IoFailure = 25;
    public const int ShortUpload = 26;
    public const int NotRegularFile = 27;
    public const int NotDirectory = 28;

    /// <summary>
    /// Runs a command: <c>$1</c> the working directory, <c>$2</c> the timeout in seconds, <c>$3</c>
    /// the number of NAME=value pairs that follow, then argv. The command runs in a session of its
    /// own (where the image has <c>setsid</c>), so a timeout kills it with all its children; its exit
    /// status is then 137, as a SIGKILL gives.
    /// </summary>
    public const string Run = """
        d=$1; t=$2; n=$3; shift 3
        while [ "$n" -gt 0 ]; do export "$1"; shift; n=$((n-1)); done
        cd -- "$d" || exit 126
        g=
        command -v setsid >/dev/null 2>&1 && g=setsid
        exec 3<&0
        $g "$@" <&3 3<&- &
        p=$!
        exec 3<&-
        $g sh -c 'sleep "$1"; kill -KILL -"$2" 2>/dev/null || kill -KILL "$2"' kabin-timeout "$t" "$p" </dev/null >/dev/null 2>&1 &
        w=$!
        wait "$p"; s=$?
        kill -KILL -"$w" 2>/dev/null || kill -KILL "$w" 2>/dev/null
        exit "$s"
        """;

    /// <summary>Writes stdin to <c>$1</c> through a temporary file renamed into place once exactly <c>$2</c> bytes arrived; parents are created.</summary>
    public const string Put = """
        f=$1; n=$2
        d=$(dirname -- "$f")
        [ -d "$f" ] && exit 21
        mkdir -p -- "$d" 2>/dev/null || exit 24
        t="$d/.kabin-upload.$$"
        cat > "$t" || { rm -f -- "$t"; exit 25; }
        s=$(wc -c < "$t")
        [ "$s" -eq "$n" ] || { rm -f -- "$t"; exit 26; }
        mv -f -- "$t" "$f" || { rm -f -- "$t"; exit 25; }
        """;

    /// <summary>Prints the size of regular file <c>$1</c> on a line, then its bytes; refuses one over <c>$2</c> bytes before sending any.</summary>
    public const string Get = """
        f=$1; m=$2
        [ -e "$f" ] || exit 20
        [ -d "$f" ] && exit 21
        [ -f "$f" ] || exit 27
        s=$(wc -c < "$f") || exit 25
        [ "$s" -le "$m" ] || exit 22
        printf '%s\n' "$s"
        exec cat -- "$f"
        """;

    /// <summary>Removes file <c>$1</c>, or the directory if it is empty.</summary>
    public const string Delete = """
        f=$1
        [ -e "$f" ] || [ -L "$f" ] || exit 20
        if [ -d "$f" ] && [ ! -L "$f" ]; then rmdir -- "$f" 2>/dev/null || exit 23; else rm -f -- "$f" || exit 25; fi
        """;

    /// <summary>Lists directory <c>$1</c>: per entry its kind, size and name, each entry ended by a NUL (names may hold newlines).</summary>
    public const string List = """
        d=$1
        [ -e "$d" ] || exit 20
        [ -d "$d" ] || exit 28
        cd -- "$d" || exit 25
        for f in * .[!.]* ..?*; do
          [ -e "$f" ] || [ -L "$f" ] || continue
          if [ -L "$f" ]; then k=symlink; s=0
          elif [ -d "$f" ]; then k=directory; s=0
          elif [ -f "$f" ]; then k=file; s=$(wc -c < "$f" 2>/dev/null) || s=0
          else k=other; s=0; fi
          printf '%s %s %s\0' "$k" "$s" "$f"
        done
        """;

    /// <summary>argv for one of the programs above with its positional arguments.</summary>
    public static IReadOnlyList<string> Argv(string program, string name, params IEnumerable<string> arguments) =>
        ["/bin/sh", "-c", program, name, .. arguments];
}
