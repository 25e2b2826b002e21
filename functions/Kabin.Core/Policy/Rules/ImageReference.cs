namespace Kabin.Policy;

/// <summary>Normalizes image references the way container runtimes resolve them: <c>nginx</c> is <c>docker.io/library/nginx</c>.</summary>
public static class ImageReference
{
    private const string DockerHub = "docker.io";

    public static string Normalize(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return string.Concat(DockerHub, "/library/", image);
        }

        var first = image.AsSpan(0, slash);
        var hasRegistry = first.Contains('.') || first.Contains(':') || first.SequenceEqual("localhost");
        if (!hasRegistry)
        {
            return string.Concat(DockerHub, "/", image);
        }

        return first.SequenceEqual("index.docker.io") ? string.Concat(DockerHub, image.AsSpan(slash)) : image;
    }

    /// <summary>
    /// True when <paramref name="normalizedImage"/> lies under <paramref name="prefix"/>, matching whole path
    /// segments: <c>ghcr.io/acme</c> allows <c>ghcr.io/acme/app</c> but not <c>ghcr.io/acme-evil/app</c>.
    /// </summary>
    public static bool IsUnder(string normalizedImage, string prefix)
    {
        ArgumentNullException.ThrowIfNull(normalizedImage);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0 || !normalizedImage.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (normalizedImage.Length == prefix.Length || prefix[^1] is '/' or ':' or '@')
        {
            return true;
        }

        return normalizedImage[prefix.Length] is '/' or ':' or '@';
    }
}
