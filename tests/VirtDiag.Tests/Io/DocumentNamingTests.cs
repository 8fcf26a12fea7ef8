using VirtDiag.Io;

namespace VirtDiag.Tests.Io
{
    public class DocumentNamingTests
    {
        [Theory]
        [InlineData("vmkernel.log", LogKind.VmKernel)]
        [InlineData("vmkernel.3.gz", LogKind.VmKernel)]
        [InlineData("vmkernel-log.1", LogKind.VmKernel)]
        [InlineData("vmkwarning.0.gz", LogKind.VmkWarning)]
        [InlineData("hostd.log", LogKind.Hostd)]
        [InlineData("vmware.log", LogKind.VmwareLog)]
        [InlineData("vmware-4.log", LogKind.VmwareLog)]
        [InlineData("vdsm.log.12.xz", LogKind.Vdsm)]
        [InlineData("supervdsm.log", LogKind.SuperVdsm)]
        [InlineData("engine.log", LogKind.Engine)]
        [InlineData("messages-20240101", LogKind.Messages)]
        [InlineData("kern.log.1", LogKind.Kern)]
        [InlineData("vmcore-dmesg.txt", LogKind.VmcoreDmesg)]
        [InlineData("trace-Salamander4.dat", LogKind.TraceDat)]
        [InlineData("README", LogKind.Unknown)]
        public void GuessesKindFromName(string name, LogKind kind) => Assert.Equal(kind, DocumentNaming.GuessKind(name));

        [Fact]
        public void RotationOrdersOldestFirst()
        {
            string[] names = { "vmkernel.log", "vmkernel.0.gz", "vmkernel.7.gz", "vmkernel.1.gz" };
            var ordered = names.Select(n => (n, idx: DocumentNaming.ParseRotation(n, out string fam, out long key), fam, key)).OrderBy(x => x.key).ToList();
            Assert.Equal(new[] { "vmkernel.7.gz", "vmkernel.1.gz", "vmkernel.0.gz", "vmkernel.log" }, ordered.Select(x => x.n));
            Assert.All(ordered, x => Assert.Equal("vmkernel", x.fam));
            Assert.Equal(new[] { 7, 1, 0, -1 }, ordered.Select(x => x.idx));
        }

        [Fact]
        public void VdsmAndDatedRotationShareAFamilyWithTheLiveFile()
        {
            DocumentNaming.ParseRotation("vdsm.log.2.xz", out string f1, out long k1);
            DocumentNaming.ParseRotation("vdsm.log", out string f2, out long k2);
            DocumentNaming.ParseRotation("messages-20240101", out string f3, out long k3);
            DocumentNaming.ParseRotation("messages", out string f4, out long k4);
            Assert.Equal("vdsm", f1); Assert.Equal("vdsm", f2); Assert.True(k1 < k2);
            Assert.Equal("messages", f3); Assert.Equal("messages", f4); Assert.True(k3 < k4);
        }

        [Theory]
        [InlineData("esx-esx01.lab.local-2024-01-02--10.11-12345.tgz", "esx01.lab.local")]
        [InlineData("sosreport-rhvh-01-2020-05-11-abcdefg.tar.xz", "rhvh-01")]
        [InlineData("sosreport-host1.12345-20200511123456.tar.xz", "host1")]
        [InlineData("sosreport-LogCollector-20200511123456.tar.xz", null)]
        [InlineData("bundle.tgz", null)]
        public void HostFromBundleName(string name, string? host) => Assert.Equal(host, DocumentNaming.HostFromBundleName(name));
    }
}
