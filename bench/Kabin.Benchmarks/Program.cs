using BenchmarkDotNet.Running;
using Kabin.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(BenchFixture).Assembly).Run(args);
