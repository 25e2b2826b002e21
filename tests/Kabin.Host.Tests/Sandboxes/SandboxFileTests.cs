using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.TestDoubles.Kubectl;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>…/files/{path} against real files in the local cluster's pod roots.</summary>
public sealed class SandboxFileTests(SandboxWorkFixture world) : IClassFixture<SandboxWorkFixture>
{
    private const string Files = "/tenants/acme/sandboxes/work/files/";

    [Fact]
    public async Task A_ten_mebibyte_binary_file_is_written_and_read_back_byte_identical()
    {
        var bytes = new byte[10 * 1024 * 1024];
        new Random(18).NextBytes(bytes);

        using var written = await world.Client.PutAsync(Files + "data/deep/blob.bin", new ByteArrayContent(bytes));
        using var read = await world.Client.GetAsync(Files + "data/deep/blob.bin");
        var back = await read.Content.ReadAsByteArrayAsync();
        var listing = JsonNode.Parse(await world.Client.GetStringAsync(Files + "data/deep/"))!;
        var inside = await new Kubectl(world.Kubeconfig).SucceedAsync("exec", "-n", "tenant-acme", "sbx-work", "--", "wc", "-c", "/work/data/deep/blob.bin");

        Assert.Equal(HttpStatusCode.NoContent, written.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(bytes.Length, read.Content.Headers.ContentLength);
        Assert.True(bytes.AsSpan().SequenceEqual(back), "the file read back differs from the one written");
        Assert.Equal(("blob.bin", "file", bytes.Length), (listing["entries"]![0]!["name"]!.GetValue<string>(), listing["entries"]![0]!["kind"]!.GetValue<string>(), listing["entries"]![0]!["size"]!.GetValue<long>()));
        Assert.StartsWith($"{bytes.Length} ", inside, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_is_replaced_whole_listed_and_deleted()
    {
        using var first = await world.Client.PutAsync(Files + "notes/a.txt", new StringContent("first version, longer"));
        using var second = await world.Client.PutAsync(Files + "notes/a.txt", new StringContent("second"));
        using var odd = await world.Client.PutAsync(Files + Uri.EscapeDataString("notes") + "/" + Uri.EscapeDataString("name with spaces\nand newline"), new StringContent("x"));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, second.StatusCode, odd.StatusCode));
        var text = await world.Client.GetStringAsync(Files + "notes/a.txt");
        var listing = JsonNode.Parse(await world.Client.GetStringAsync(Files + "notes/"))!["entries"]!.AsArray();
        using var deleted = await world.Client.DeleteAsync(Files + "notes/a.txt");
        using var gone = await world.Client.GetAsync(Files + "notes/a.txt");

        Assert.Equal("second", text);
        Assert.Equal(["a.txt", "name with spaces\nand newline"], listing.Select(entry => entry!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    public async Task A_path_that_could_leave_the_root_is_refused_with_400(string path)
    {
        var answer = await RawAsync("GET", Files + path);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("Invalid file path", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dot_dot_segments_never_reach_outside_the_root()
    {
        // Kestrel resolves ".." in the request target before routing, so the most it can do is name
        // another path under the same sandbox's files, never the VM's /etc.
        var answer = await RawAsync("GET", Files + "a/../../../../../../etc/passwd");
        var encoded = await RawAsync("GET", Files + "%2E%2E/%2E%2E/etc/passwd");

        Assert.DoesNotContain("root:", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", encoded, StringComparison.Ordinal);
        Assert.Matches("^HTTP/1.1 (400|404)", answer);
        Assert.Matches("^HTTP/1.1 (400|404)", encoded);
    }

    [Fact]
    public async Task Wrong_kinds_missing_files_and_sizes_over_the_limit_get_clear_answers()
    {
        await world.Client.PutAsync(Files + "kinds/file.txt", new StringContent("x"));
        using var directoryAsFile = await world.Client.GetAsync(Files + "kinds");
        using var fileAsDirectory = await world.Client.GetAsync(Files + "kinds/file.txt/");
        using var underAFile = await world.Client.PutAsync(Files + "kinds/file.txt/inner", new StringContent("x"));
        using var notEmpty = await world.Client.DeleteAsync(Files + "kinds");
        using var missing = await world.Client.GetAsync(Files + "kinds/none");
        using var upload = new HttpRequestMessage(HttpMethod.Put, Files + "kinds/big") { Content = new ByteArrayContent(new byte[SandboxWorkFixture.MaxFileBytes + 1]) };
        upload.Headers.ExpectContinue = true;
        using var tooBig = await world.Client.SendAsync(upload);
        await new Kubectl(world.Kubeconfig).SucceedAsync("exec", "-n", "tenant-acme", "sbx-work", "--", "sh", "-c", $"head -c {SandboxWorkFixture.MaxFileBytes + 1} /dev/zero > /work/kinds/made-inside");
        using var tooBigToRead = await world.Client.GetAsync(Files + "kinds/made-inside");

        Assert.Equal(
            (HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge),
            (directoryAsFile.StatusCode, fileAsDirectory.StatusCode, underAFile.StatusCode, notEmpty.StatusCode, missing.StatusCode, tooBig.StatusCode, tooBigToRead.StatusCode));
        Assert.Contains("is a directory", await directoryAsFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_without_a_length_is_refused_with_411()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("chunked")));
        using var request = new HttpRequestMessage(HttpMethod.Put, Files + "chunked.txt") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var answer = await world.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.LengthRequired, answer.StatusCode);
    }

    /// <summary>One request with the target exactly as written (HttpClient would resolve dot segments first).</summary>
    private async Task<string> RawAsync(string method, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(world.Host.BaseAddress.Host, world.Host.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
