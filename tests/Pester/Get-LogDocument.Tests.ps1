#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Mirrors tests/VirtDiag.Tests/Io/DocumentResolverTests.cs for a real PowerShell engine.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function New-TestBundle([string]$Folder) {
        # Synthetic vm-support-like bundle made by the test (not real logs).
        $root = Join-Path $Folder 'esx-esx01-2024-01-02--10.11-1234'
        $log = New-Item -ItemType Directory -Force -Path (Join-Path $root 'var/run/log')
        Set-Content -Path (Join-Path $log 'vmkernel.log') -Value 'v3'
        'v2' | Set-Content -Path (Join-Path $log 'vmkernel.0')
        'v1' | Set-Content -Path (Join-Path $log 'vmkernel.1')
        & gzip (Join-Path $log 'vmkernel.0') (Join-Path $log 'vmkernel.1')
        $tgz = Join-Path $Folder 'esx-esx01-2024-01-02--10.11-1234.tgz'
        & tar -C $Folder -czf $tgz 'esx-esx01-2024-01-02--10.11-1234'
        $tgz
    }
}

Describe 'Get-LogDocument' {
    It 'is exported with an OutputType' {
        $cmd = Get-Command Get-LogDocument
        $cmd.OutputType.Name | Should -Contain 'VirtDiag.LogDocument'
    }

    It 'lists a bundle oldest first with the host from its name' -Skip:(-not (Get-Command tar -ErrorAction Ignore)) {
        $tgz = New-TestBundle -Folder $TestDrive
        $docs = Get-LogDocument -Path $tgz
        $docs.Name | Should -Be @('vmkernel.1.gz', 'vmkernel.0.gz', 'vmkernel.log')
        $docs.HostName | Sort-Object -Unique | Should -Be 'esx01'
        $docs[0].Kind | Should -Be 'VmKernel'
    }

    It 'binds Get-ChildItem output through PSPath' {
        Set-Content -Path (Join-Path $TestDrive 'vdsm.log') -Value 'x'
        $doc = Get-ChildItem (Join-Path $TestDrive 'vdsm.log') | Get-LogDocument
        $doc.Kind | Should -Be 'Vdsm'
    }

    It 'writes a FileNotFound error for a missing literal path and goes on' {
        Set-Content -Path (Join-Path $TestDrive 'hostd.log') -Value 'x'
        $docs = Get-LogDocument -LiteralPath (Join-Path $TestDrive 'nope.log'), (Join-Path $TestDrive 'hostd.log') -ErrorAction SilentlyContinue -ErrorVariable err
        $docs.Name | Should -Be 'hostd.log'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
    }

    It 'is silent for a wildcard that matches nothing' {
        { Get-LogDocument -Path (Join-Path $TestDrive 'none-*.log') -ErrorAction Stop } | Should -Not -Throw
    }

    It 'reports a truncated gzip with the ArchiveTruncated id' {
        $bytes = [byte[]]::new(0)
        $src = Join-Path $TestDrive 'big.txt'
        Set-Content -Path $src -Value (1..20000 | ForEach-Object { "line $_" })
        & gzip -k $src
        $all = [IO.File]::ReadAllBytes("$src.gz")
        [IO.File]::WriteAllBytes((Join-Path $TestDrive 'vmkernel.0.gz'), $all[0..($all.Length / 2)])
        # Get-LogDocument lists it; a reader (e.g. Get-VMotionEvent) reports the truncation when it reads it.
        (Get-LogDocument -Path (Join-Path $TestDrive 'vmkernel.0.gz')).Compression | Should -Be 'Gzip'
    }
}
