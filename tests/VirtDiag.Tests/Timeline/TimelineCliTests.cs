using System.Text.Json;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>The CLI twins: <c>virtdiag clock-skew</c> and <c>virtdiag timeline</c> give what the Core readers give.</summary>
    public sealed class TimelineCliTests
    {
        private static readonly DateTimeOffset T0 = new(2024, 3, 11, 9, 15, 0, TimeSpan.Zero);

        private static VMotionBundleKit Kit()
        {
            var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", 17.25));
            kit.Migration("7000000000000001", "esxa01", "esxb02", T0, 2.0, 5100334);
            kit.Migration("7000000000000002", "esxb02", "esxa01", T0.AddMinutes(5), 0.8, 5200334);
            return kit;
        }

        [Fact]
        public void ClockSkew_AsJsonLines_OffsetsInSeconds()
        {
            using var kit = Kit();
            string[] folders = kit.Write();
            var (code, stdout, stderr) = CliRunner.Run($"clock-skew \"{folders[0]}\" \"{folders[1]}\" --reference-host esxa01 --format json");
            Assert.True(code == 0, stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            using var b = JsonDocument.Parse(lines[1]);
            Assert.Equal("esxb02", b.RootElement.GetProperty("HostName").GetString());
            Assert.Equal("esxa01", b.RootElement.GetProperty("ReferenceHostName").GetString());
            Assert.InRange(b.RootElement.GetProperty("OffsetSeconds").GetDouble(), 16.75, 17.75);
            Assert.InRange(17.25, b.RootElement.GetProperty("LowerBoundSeconds").GetDouble(), b.RootElement.GetProperty("UpperBoundSeconds").GetDouble());
            Assert.Equal(4, b.RootElement.GetProperty("Anchors").GetInt32());
            Assert.Equal("High", b.RootElement.GetProperty("Confidence").GetString());
        }

        [Fact]
        public void Timeline_ClockOffsetByHand_WrittenAsSecondsAndApplied()
        {
            using var kit = Kit();
            string[] folders = kit.Write();
            var (code, stdout, stderr) = CliRunner.Run($"timeline \"{folders[0]}\" \"{folders[1]}\" --clock-offset esxb02=17.25 --host esxb02 --format json");
            Assert.True(code == 0, stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(12, lines.Length); // 4 lines as destination of the first migration, 8 as source of the second
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal(17.25, first.RootElement.GetProperty("ClockOffset").GetDouble());
            Assert.Equal("2024-03-11T09:14:59.95+00:00", first.RootElement.GetProperty("Timestamp").GetString());
            Assert.Equal("2024-03-11T09:15:17.2+00:00", first.RootElement.GetProperty("OriginalTimestamp").GetString());
            Assert.Equal("VMotion", first.RootElement.GetProperty("Source").GetString());
            Assert.Equal("Reconciled", first.RootElement.GetProperty("Placement").GetString());
            Assert.Equal("InfoSet", first.RootElement.GetProperty("Kind").GetString());
        }

        [Fact]
        public void Timeline_BadClockOffsetIsAUsageError()
        {
            var (code, _, stderr) = CliRunner.Run("timeline examples --clock-offset esxb02");
            Assert.Equal(2, code);
            Assert.Contains("--clock-offset: 'esxb02' is not HOST=SECONDS", stderr);
        }
    }
}
