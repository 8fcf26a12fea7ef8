#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# A read that lasts longer than the progress throttle (2 s quiet, then about once a second) completes and writes
# progress (issue 14 item 1: the throttle once subtracted from TimeSpan.MinValue and every read past 2 s died with
# an OverflowException). Files arrive through the pipeline about a second apart, so the read lasts more than 5 s
# without a large file; the progress records are captured from the PowerShell instance's Progress stream.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Invoke-SlowRead([string] $Command, [string[]] $Files) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Command, $Files)
                    $ProgressPreference = 'Continue'
                    Import-Module $Manifest
                    $Files | ForEach-Object { Start-Sleep -Milliseconds 1100; Get-Item -LiteralPath $_ } | & $Command
                }).AddArgument($script:ModuleManifest).AddArgument($Command).AddArgument($Files)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $output = $ps.Invoke()
            [pscustomobject]@{
                Output   = @($output)
                Errors   = @($ps.Streams.Error)
                Progress = @($ps.Streams.Progress | Where-Object Activity -EQ $Command)
                Seconds  = $watch.Elapsed.TotalSeconds
            }
        }
        finally { $ps.Dispose() }
    }

    function New-VmkernelLogs([int] $Count) {
        # SYNTHETIC vmkernel lines in the ESXi 6.x shape, one source-side migration per file.
        foreach ($i in 1..$Count) {
            $dir = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive "esx-src0$i-2026-04-14--10.00-100$i/var/run/log")
            $id = 1776160800100000 + $i
            @(
                "2026-04-14T10:0$($i):00.100Z cpu4:2100001)Migrate: vm 210000$($i): 3284: Setting VMOTION info: Source ts = $id, src ip = <10.1.1.11> dest ip = <10.1.1.12> Dest wid = 320000$i using SHARED swap"
                "2026-04-14T10:0$($i):03.000Z cpu0:2100001)Hbr: 3434: Migration end received (worldID=210000$($i)) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)"
            ) | Set-Content -LiteralPath (Join-Path $dir 'vmkernel.log')
            Join-Path $dir 'vmkernel.log'
        }
    }
}

Describe 'A read longer than 5 s' {
    It '<Command> completes and writes progress records' -ForEach @(
        @{ Command = 'Get-VMotionEvent'; Expected = 12 }
        @{ Command = 'Get-LogDocument'; Expected = 6 }
    ) {
        $files = New-VmkernelLogs -Count 6
        $r = Invoke-SlowRead -Command $Command -Files $files
        $r.Seconds | Should -BeGreaterThan 5 -Because 'the read must outlast the throttle for the test to mean anything'
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount $Expected
        $r.Progress.Count | Should -BeGreaterThan 1
        $r.Progress[0].StatusDescription | Should -Match 'vmkernel\.log \(\d+/\d+\): [\d.]+ MB/s'
        $r.Progress[-1].RecordType | Should -Be 'Completed'
    }
}
