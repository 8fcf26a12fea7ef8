# Pester 5. Mirrors tests/VirtDiag.Tests/Vdsm (VdsmFixtureTests, VdsmShapesAndRobustnessTests) for machines with pwsh.
BeforeDiscovery {
    $script:fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm'
    $script:haveFixtures = Test-Path (Join-Path $script:fixtures 'mz-pdm_ovirt-log-analyzer_vdsm-1.log')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $script:log = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_vdsm-1.log'
}

Describe 'Get-VdsmLogEntry' {
    It 'says with -Verbose what it read of each document' {
        $path = Join-Path $TestDrive 'vdsm.log'
        Set-Content -Path $path -Encoding utf8NoBOM -Value @(
            "2025-06-02 08:15:01,100+0200 INFO  (jsonrpc/2) [vdsm.api] START getSpmStatus(spUUID='5d1f0c9a-0000-4000-8000-00000000a1b2') (api:48)",
            "2025-06-02 08:16:40,002+0200 WARN  (periodic/3) [throttled] MOM not available. (throttledlog:104)")
        $verbose = Get-VdsmLogEntry -Path $path -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $coverage = @($verbose | Where-Object Message -like 'Coverage: *')
        $coverage.Count | Should -Be 1
        $coverage[0].Message | Should -BeLike "Coverage: *vdsm.log: 2 lines, * bytes, 2 records, 2025-06-02T08:15:01.1000000+02:00 to 2025-06-02T08:16:40.0020000+02:00"
    }

    It 'reads every record of the lab log' -Skip:(-not $haveFixtures) {
        # grep -c '^[0-9]' mz-pdm_ovirt-log-analyzer_vdsm-1.log
        (Get-VdsmLogEntry -Path $log | Measure-Object).Count | Should -Be 16474
    }

    It 'parses the two tracebacks' -Skip:(-not $haveFixtures) {
        # grep -c 'Traceback (most recent call last)' $F
        $tb = Get-VdsmLogEntry -Path $log -Level Error | Where-Object Traceback
        $tb.Count | Should -Be 2
        $tb[0].Traceback.ExceptionType | Should -Be 'NotConnectedError'
        $tb[0].Traceback.Frames.Count | Should -Be 7
        $tb[1].Traceback.ExceptionType | Should -Be 'libvirtError'
    }

    It 'filters by task id and thread wildcard' -Skip:(-not $haveFixtures) {
        $e = Get-VdsmLogEntry -Path $log -TaskId c7e3d5b8-25cf-4fda-b416-e4458edce9db -Thread 'tasks/*'
        $e.Count | Should -Be 11
        $e | ForEach-Object { $_.Thread | Should -Be 'tasks/6' }
    }

    It 'reads old-layout lines from the pipeline, UTC unless -TimeZone' {
        $line = 'MainThread::INFO::2011-12-05 07:04:56,101::vdsm::71::vds::(run) I am the actual vdsm 4.9-0'
        $utc = $line | Get-VdsmLogEntry -HostName host1
        $utc.TimestampKind | Should -Be 'AssumedUtc'
        $utc.Thread | Should -Be 'MainThread'
        $utc.Function | Should -Be 'run'
        $utc.HostName | Should -Be 'host1'
        $tz = $line | Get-VdsmLogEntry -TimeZone '+0200'
        $tz.Timestamp.Offset | Should -Be ([TimeSpan]::FromHours(2))
        $tz.TimestampKind | Should -Be 'AssumedTimeZone'
    }

    It 'reports a line cut short and goes on' {
        $lines = @('2017-02-23 11:01:03,000+0100 INFO  (jsonrpc/4) [jsonrpc.JsonRp', '2017-02-23 11:01:04,000+0100 INFO  (jsonrpc/4) [dispatcher] whole (logUtils:51)')
        $e = $lines | Get-VdsmLogEntry -ErrorVariable err -ErrorAction SilentlyContinue
        $e.Count | Should -Be 2
        $err.Count | Should -Be 1
    }

    It 'refuses an unknown time zone' {
        { 'x' | Get-VdsmLogEntry -TimeZone 'Mars/Olympus' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidVdsmOption,VirtDiag.PowerShell.Commands.GetVdsmLogEntryCommand'
    }
}
