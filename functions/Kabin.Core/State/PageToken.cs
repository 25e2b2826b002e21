using System.Buffers.Text;
using System.Text;

namespace Kabin.State;

/// <summary>
/// Kubernetes-style list paging over a list kept in name order: a page of at most <c>limit</c>
/// names after the one an opaque <c>continue</c> token names. The token is the last name of the
/// previous page, base64url-encoded, so a page is stable under inserts and deletes elsewhere.
/// </summary>
public static class PageToken
{
    /// <summary>What a page size may be at most; also the size when none is asked for.</summary>
    public const int MaxLimit = 500;

    public static string Encode(string lastName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastName));

    /// <summary>The name a token stands for, or null when it is not one Kabin gave (never a valid name's token).</summary>
    public static string? Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length > 256 || !Base64Url.IsValid(token))
        {
            return null;
        }

        try
        {
            var name = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return name.Length is > 0 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') ? name : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The names of the page after <paramref name="after"/>, and whether any come after it.</summary>
    public static (IReadOnlyList<string> Names, bool More) Slice(IReadOnlyList<string> ordered, string? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var start = 0;
        if (after is not null)
        {
            // First name ordered after the token's, found by binary search: the list may have changed since.
            var (low, high) = (0, ordered.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (string.CompareOrdinal(ordered[middle], after) <= 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            start = low;
        }

        var count = Math.Min(limit, ordered.Count - start);
        return ([.. ordered.Skip(start).Take(count)], start + count < ordered.Count);
    }
}
