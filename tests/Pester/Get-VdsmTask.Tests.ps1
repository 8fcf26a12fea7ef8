# Pester 5. Mirrors tests/VirtDiag.Tests/Vdsm (VdsmFixtureTests.MainLog_Tasks, VdsmOldFormatTests, VdsmRotationTests).
BeforeDiscovery {
    $script:fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm'
    $script:haveFixtures = Test-Path (Join-Path $script:fixtures 'mz-pdm_ovirt-log-analyzer_vdsm-1.log')
    $script:haveXz = [bool](Get-Command xz -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $script:log = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_vdsm-1.log'
}

Describe 'Get-VdsmTask' {
    It 'joins every Run and protect call' -Skip:(-not $haveFixtures) {
        # grep -c 'Run and protect: [A-Za-z]*(' $F
        $d = Get-VdsmTask -Path $log | Where-Object Kind -EQ 'StorageDispatcher'
        $d.Count | Should -Be 397
        ($d | Where-Object IsAsync).Count | Should -Be 6
    }

    It 'follows the async deleteImage task to its end' -Skip:(-not $haveFixtures) {
        $t = Get-VdsmTask -Path $log -Verb deleteImage | Where-Object TaskId -EQ 'c7e3d5b8-25cf-4fda-b416-e4458edce9db'
        $t.Duration | Should -Be ([TimeSpan]::FromMilliseconds(515))
        $t.Result | Should -Be 'Succeeded'
        $t.States.To | Should -Be @('preparing', 'acquiring', 'queued', 'running', 'finished')
    }

    It 'finds the failed calls' -Skip:(-not $haveFixtures) {
        (Get-VdsmTask -Path $log -Result Failed).Count | Should -Be 4
    }

    It 'joins the wiki getSpmStatus flow from piped lines' {
        $lines = @(
            'Thread-1952463::INFO::2011-09-18 05:01:01,867::dispatcher::109::Storage.Dispatcher.Protect::(run) Run and protect: getSpmStatus, args: ( spUUID=ffb469ec-d98b-4614-b3fc-c88f206d4cfd)'
            'Thread-1952463::DEBUG::2011-09-18 05:01:01,868::task::611::TaskManager.Task::(_updateState) Task=8a107a91-ecb4-4e10-9fb3-a7b400ed2c44::moving from state init -> state preparing'
            'Thread-1952463::DEBUG::2011-09-18 05:01:01,869::task::611::TaskManager.Task::(_updateState) Task=8a107a91-ecb4-4e10-9fb3-a7b400ed2c44::moving from state preparing -> state finished'
            "Thread-1952463::INFO::2011-09-18 05:01:01,870::dispatcher::115::Storage.Dispatcher.Protect::(run) Run and protect: getSpmStatus, Return response: {'status': {'message': 'OK', 'code': 0}, 'spm_st': {'spmId': 1, 'spmStatus': 'SPM', 'spmLver': 0}}"
        )
        $t = $lines | Get-VdsmTask
        $t.Verb | Should -Be 'getSpmStatus'
        $t.TaskId | Should -Be '8a107a91-ecb4-4e10-9fb3-a7b400ed2c44'
        $t.StatusCode | Should -Be 0
        $t.Duration | Should -Be ([TimeSpan]::FromMilliseconds(3))
    }

    It 'gives the same tasks from rotated xz files' -Skip:(-not ($haveFixtures -and $haveXz)) {
        $dir = Join-Path $TestDrive 'vdsm'
        New-Item -ItemType Directory $dir | Out-Null
        $lines = Get-Content $log
        $a = 5000; while ($lines[$a] -notmatch '^2017-') { $a++ }
        $b = 11000; while ($lines[$b] -notmatch '^2017-') { $b++ }
        $lines[0..($a - 1)] | Set-Content (Join-Path $dir 'vdsm.log.2')
        $lines[$a..($b - 1)] | Set-Content (Join-Path $dir 'vdsm.log.1')
        $lines[$b..($lines.Count - 1)] | Set-Content (Join-Path $dir 'vdsm.log')
        xz (Join-Path $dir 'vdsm.log.2'); xz (Join-Path $dir 'vdsm.log.1')
        $one = Get-VdsmTask -Path $log | ForEach-Object { "$($_.Kind)|$($_.Verb)|$($_.TaskId)|$($_.StartTime)|$($_.Result)" }
        $rot = Get-VdsmTask -Path $dir | ForEach-Object { "$($_.Kind)|$($_.Verb)|$($_.TaskId)|$($_.StartTime)|$($_.Result)" }
        $rot | Should -Be $one
    }
}

Describe 'Get-VdsmTask on the bundled example (issue 14 item 7)' {
    It 'finds the failed async task 7d5e1f20 and its failed qemu-img command' {
        $examples = Join-Path $PSScriptRoot '../../examples'
        $t = Get-VdsmTask -Path $examples -Result Failed
        $t.TaskId | Should -Be '7d5e1f20-2222-4c1d-8e1f-000000000002'
        $t.StatusCode | Should -Be 261
        $t.Error | Should -BeLike '*CopyImageError: low level Image copy failed*'
        $c = Get-VdsmExternalCommand -Path $examples -Failed
        $c.Executable | Should -Be '/usr/bin/qemu-img'
        $c.TaskId | Should -Be $t.TaskId
    }
}
