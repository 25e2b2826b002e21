using Kabin.LocalCluster;

LocalClusterOptions options;
try
{
    options = LocalClusterOptions.Parse(args);
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync($"""
        kabin-local-cluster: {error.Message}
        usage: dotnet run --project tools/Kabin.LocalCluster -- [--port 6443] [--kubeconfig PATH] [--sink URL]
               [--boot-delay CLASS=DURATION]... [--exec] [--http] [--no-kubelet] [--insecure] [--agent-sandbox]
        """);
    return 2;
}

await using var cluster = await KubeApiServerDouble.StartAsync(options);
var kubeconfig = cluster.WriteKubeconfig(options.KubeconfigPath ?? Path.Combine(".kabin", "local-cluster.kubeconfig"));
Console.WriteLine($"Kabin local cluster (a test and demo tool, not a Kubernetes) serving {cluster.BaseAddress}");
Console.WriteLine($"  kubeconfig: {Path.GetFullPath(kubeconfig)}");
Console.WriteLine($"  kubelet: {(options.Kubelet ? "simulated" : "off")}; exec: {(options.Exec ? "real local processes (unsafe for untrusted input)" : "off")}; sink: {options.Sink?.ToString() ?? "none"}");
Console.WriteLine($"  try: kubectl --kubeconfig {kubeconfig} get ns");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("stopping");
}

return 0;
